import { ClusterList } from '@/components/ecs/cluster-list';
import { PageTitle } from '@/components/ecs/page-title';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { changeToken } from '@/lib/views/change-token';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { pageData } from '@/lib/views/result';
import { env } from '@/lib/env';
import { getOverview } from '@/lib/views/overview';

export const dynamic = 'force-dynamic';

export default async function ClustersPage() {
  const view = pageData(await getOverview());
  return (
    <>
      <PageTitle crumbs={[{ label: env().region ?? 'AWS' }]} title="Clusters">
        <AutoRefresh
          seconds={env().refreshSeconds}
          fetchedAt={view.fetchedAt}
          token={changeToken(view)}
          watch="view=overview"
        />
      </PageTitle>
      <div className="space-y-4">
        {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
        <Section title="Clusters">
          <ClusterList rows={view.data} />
        </Section>
      </div>
    </>
  );
}
