import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NamespaceName } from '@/components/ecs/namespace-name';
import { InsightsBadge } from '@/components/ecs/insights';
import { PageTitle } from '@/components/ecs/page-title';
import { ServicesFilter } from '@/components/ecs/services-filter';
import { ServicesTable } from '@/components/ecs/services-table';
import { ServiceStateLine, stateLabel } from '@/components/ecs/service-state';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { changeToken } from '@/lib/views/change-token';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { env } from '@/lib/env';
import { clusterState } from '@/lib/ecs/service-state';
import { applyServiceListQuery, parseServiceListQuery } from '@/lib/ecs/service-list';
import { pageOfRows } from '@/lib/paging';
import { ServicesPager } from '@/components/ecs/services-pager';
import { getClusterView } from '@/lib/views/cluster';
import { currentCaller, mayChange } from '@/lib/auth/guard';
import { currentPlace } from '@/lib/targets/place';
import { InsightsControl } from '@/components/actions/insights-control';
import { orNotFound, pageData } from '@/lib/views/result';
import { clusterHref } from '@/lib/routes';
import { headers } from 'next/headers';
import { recordRenderToken, RENDER_PASS_HEADER } from '@/lib/http/page-cache';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).cluster) };
}

export default async function ClusterPage({ params, searchParams }: Props) {
  const [{ cluster: raw }, search] = await Promise.all([params, searchParams]);
  const name = decodeURIComponent(raw);
  const view = pageData(orNotFound(await getClusterView(name)));

  const crumbs = [{ label: 'Clusters', href: '/' }, { label: name }];
  const { cluster, namespace, services, counts } = view.data;
  const query = parseServiceListQuery(search);
  const rows = applyServiceListQuery(services, query);
  const shown = pageOfRows(rows, query.page);
  const state = clusterState(services.map((row) => ({ service: row.service.name, ...row.state })));
  const canChange = mayChange(await currentCaller(), await currentPlace(), cluster.name);
  const token = changeToken(view);
  // Asked for by proxy.ts to share this render: it is kept with the token of what it drew.
  recordRenderToken((await headers()).get(RENDER_PASS_HEADER), token);
  return (
    <>
      <PageTitle crumbs={crumbs} title={cluster.name} arn={cluster.arn}>
        <AutoRefresh
          seconds={env().refreshSeconds}
          fetchedAt={view.fetchedAt}
          token={token}
          watch={new URLSearchParams({ view: 'cluster', cluster: name }).toString()}
        />
      </PageTitle>
      <div className="space-y-4">
        {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <ServiceStateLine state={state} />
          <InsightsBadge value={cluster.containerInsights} />
          {canChange ? (
            <InsightsControl cluster={cluster.name} value={cluster.containerInsights} />
          ) : null}
          <span className="text-slate-600 tabular-nums">
            {services.length} services · {counts.running} of {counts.desired} tasks running,{' '}
            {counts.pending} pending
            {counts.standalone ? ` · ${counts.standalone} standalone` : ''}
          </span>
          {namespace ? (
            <span className="text-slate-600">
              Service Connect namespace <NamespaceName namespace={namespace} />
            </span>
          ) : null}
        </div>
        <Section
          title={`Services (${rows.length}${rows.length !== services.length ? ` of ${services.length}` : ''})`}
          aside={
            <Suspense>
              <ServicesFilter />
            </Suspense>
          }
        >
          {services.length === 0 ? (
            <p className="text-sm text-slate-500">No services in this cluster.</p>
          ) : rows.length === 0 ? (
            <p className="text-sm text-slate-500" role="status">
              No {query.health ? `${stateLabel(query.health)} ` : ''}services
              {query.q ? ` matching “${query.q}”` : ''} in {cluster.name}.
            </p>
          ) : (
            <>
              <ServicesTable
                rows={shown.rows}
                cluster={cluster.name}
                query={query}
                basePath={clusterHref(cluster.name)}
                canChange={canChange}
              />
              <ServicesPager
                query={query}
                page={shown.page}
                pages={shown.pages}
                first={shown.first}
                last={shown.last}
                total={rows.length}
                basePath={clusterHref(cluster.name)}
              />
            </>
          )}
        </Section>
      </div>
    </>
  );
}
