import { ClusterList } from '@/components/ecs/cluster-list';
import { FailureState, StaleBanner } from '@/components/ui/failure-state';
import type { PlaceOverview } from '@/lib/views/overview';
import { placeBase, placeId } from '@/lib/targets/place';
import { placeMark } from '@/lib/views/places';
import { PlaceProvider } from './place-link';
import { PlaceName } from './place-name';
import { placeAnchor } from '@/lib/targets/anchor';

/**
 * Every region of every target, a group each: its clusters with their roll-up, or the failure
 * that kept them from being read. Its links open the place in a new document (fullLoad).
 */
export async function PlaceOverviews({ overviews }: { overviews: PlaceOverview[] }) {
  const marks = await Promise.all(overviews.map(({ place }) => placeMark(place)));
  return (
    <div className="space-y-4">
      {overviews.map(({ place, view }, i) => {
        const id = placeAnchor(placeId(place));
        const mark = marks[i];
        return (
          <section
            key={id}
            id={id}
            aria-labelledby={`${id}-title`}
            className="rounded-lg border border-slate-200 bg-white"
          >
            <header className="border-b border-slate-100 px-4 py-2.5">
              <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
                {mark ? <PlaceName mark={mark} /> : placeId(place)}
              </h2>
            </header>
            <div className="space-y-3 p-4">
              {view.ok ? (
                <>
                  {view.stale ? (
                    <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} />
                  ) : null}
                  <PlaceProvider base={placeBase(place)} fullLoad>
                    <ClusterList rows={view.data} />
                  </PlaceProvider>
                </>
              ) : (
                <FailureState failure={view.failure} />
              )}
            </div>
          </section>
        );
      })}
    </div>
  );
}
