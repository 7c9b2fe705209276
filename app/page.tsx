import { ClusterList } from '@/components/ecs/cluster-list';
import { PageTitle } from '@/components/ecs/page-title';
import { PlaceOverviews } from '@/components/targets/place-overviews';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { changeToken } from '@/lib/views/change-token';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { pageData } from '@/lib/views/result';
import { env } from '@/lib/env';
import { hasTargets } from '@/lib/targets/place';
import { everyOverviewView, getEveryOverview, getOverview } from '@/lib/views/overview';

export const dynamic = 'force-dynamic';

export default function ClustersPage() {
  return hasTargets() ? <EveryPlace /> : <OnePlace />;
}

/** Without a targets file: the one account and region. */
async function OnePlace() {
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

/** With a targets file: every region of every target, grouped. */
async function EveryPlace() {
  const overviews = await getEveryOverview();
  // When the oldest group was read; every group failed: when they were tried (now).
  const read = overviews.flatMap(({ view }) => (view.ok ? [view.fetchedAt] : []));
  const fetchedAt = read.length ? Math.min(...read) : triedAt();
  return (
    <>
      <PageTitle crumbs={[{ label: 'Every target' }]} title="Clusters">
        <AutoRefresh
          seconds={env().refreshSeconds}
          fetchedAt={fetchedAt}
          token={changeToken(everyOverviewView(overviews))}
          watch="view=overview"
        />
      </PageTitle>
      <PlaceOverviews overviews={overviews} />
    </>
  );
}

const triedAt = () => Date.now();
