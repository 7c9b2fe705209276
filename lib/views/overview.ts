import 'server-only';
import { toAwsFailure } from '../aws/errors';
import { listClusters } from '../aws/ecs';
import { clusterNamespace, type NamespaceRef } from '../aws/namespaces';
import type { Cluster } from '../aws/types';
import { clusterState, type NamedState, type ServiceState } from '../ecs/service-state';
import { freshness, settle, type View } from './result';
import { readClusterStates } from './service-states';
import { allPlaces, inPlace, placeId, type Place } from '../targets/place';

export interface ClusterOverview {
  cluster: Cluster;
  state: ServiceState;
  /** The services that are not steady, worst first: what to open. */
  notSteady: NamedState[];
  /** The cluster's default Service Connect namespace, by name where Cloud Map tells it. */
  namespace?: NamespaceRef;
}

/**
 * The clusters page: every cluster and a roll-up of its services' states. The reads are the
 * same cached reads the cluster page makes, so moving between the two costs nothing.
 */
export function getOverview(): Promise<View<ClusterOverview[]>> {
  return settle('ecs:ListClusters', async () => {
    const clusters = await listClusters();
    const rows = await Promise.all(
      clusters.data.map(async (cluster) => {
        const namespace = await clusterNamespace(cluster);
        try {
          const read = await readClusterStates(cluster.name);
          const named = read.services.map((s) => ({
            service: s.name,
            ...read.states.get(s.name)!,
          }));
          const { notSteady, ...state } = clusterState(named);
          return { row: { cluster, state, notSteady, namespace }, reads: read.reads };
        } catch (error) {
          const failure = toAwsFailure(error, 'ecs:ListServices');
          const state: ServiceState = { state: 'unknown', reason: failure.message };
          return { row: { cluster, state, notSteady: [], namespace }, reads: [] };
        }
      }),
    );
    return {
      data: rows.map((r) => r.row),
      ...freshness(clusters, ...rows.flatMap((r) => r.reads)),
    };
  });
}

export interface PlaceOverview {
  place: Place;
  view: View<ClusterOverview[]>;
}

/**
 * With a targets file, the overview of every region of every target, read side by side in each
 * place: a target that fails (a role that cannot be assumed, AccessDenied, a disabled region)
 * is its own failed view, and the others still render.
 */
export function getEveryOverview(): Promise<PlaceOverview[]> {
  return Promise.all(
    allPlaces().map(async (place) => ({ place, view: await inPlace(place, getOverview) })),
  );
}

/** One view of every place's, for the page's change token (/api/changes?view=overview). */
export const everyOverviewView = (overviews: PlaceOverview[]): View<unknown> => ({
  ok: true,
  data: overviews.map(({ place, view }) => [placeId(place), view]),
  fetchedAt: 0,
});
