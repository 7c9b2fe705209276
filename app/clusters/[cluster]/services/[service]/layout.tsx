import { PageTitle } from '@/components/ecs/page-title';
import { ServiceCrumbs, ServiceTabs } from '@/components/ecs/service-tabs';
import { orNotFound, pageData } from '@/lib/views/result';
import { getServiceHeaderView } from '@/lib/views/service';

type Props = {
  params: Promise<{ cluster: string; service: string }>;
  children: React.ReactNode;
};

/**
 * Every view of a service (Overview, History, Logs) under one header: crumbs, name, console
 * link and tabs. It reads the service first, so an unknown one is a real 404 before anything
 * streams; the views below show their loading skeleton meanwhile (loading.tsx).
 */
export default async function ServiceLayout({ params, children }: Props) {
  const { cluster: rawCluster, service: rawService } = await params;
  const cluster = decodeURIComponent(rawCluster);
  const service = decodeURIComponent(rawService);
  const header = pageData(orNotFound(await getServiceHeaderView(cluster, service)));
  return (
    <>
      <PageTitle
        crumbs={<ServiceCrumbs cluster={cluster} service={service} />}
        title={service}
        arn={header.data.arn}
      />
      <ServiceTabs cluster={cluster} service={service} />
      {children}
    </>
  );
}
