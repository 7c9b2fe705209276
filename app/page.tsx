import { ClusterList } from '@/components/ecs/cluster-list';
import { PageTitle } from '@/components/ecs/page-title';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { FailureState, StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { env } from '@/lib/env';
import { getOverview } from '@/lib/views/overview';

export const dynamic = 'force-dynamic';

export default async function ClustersPage() {
  const view = await getOverview();
  return (
    <>
      <PageTitle crumbs={[{ label: env().region ?? 'AWS' }]} title="Clusters">
        {view.ok ? <AutoRefresh seconds={env().refreshSeconds} fetchedAt={view.fetchedAt} /> : null}
      </PageTitle>
      {!view.ok ? (
        <FailureState failure={view.failure} />
      ) : (
        <div className="space-y-4">
          {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
          <Section title="Clusters">
            <ClusterList rows={view.data} />
          </Section>
        </div>
      )}
    </>
  );
}
