import 'server-only';
import { getCluster } from '../aws/ecs';
import { clusterNamespace, type NamespaceRef } from '../aws/namespaces';
import type { Cluster, Deployment, Service, ServiceEvent } from '../aws/types';
import { findDrift, type Drift } from '../ecs/drift';
import { alarmsOf, firing, listAlarms, type AlarmSummary } from '../aws/alarms';
import type { ServiceState } from '../ecs/service-state';
import { freshness, settle, type View } from './result';
import { readClusterStates } from './service-states';
import { LRUCache } from 'lru-cache';
import { processWide } from '../process-wide';
import { currentPlace, placeId } from '../targets/place';
import type { AwsFailure } from '../aws/errors';

export interface ServiceRow {
  service: Service;
  primary?: Deployment;
  state: ServiceState;
  drift: Drift[];
  lastEvent?: ServiceEvent;
  /** Alarms on the service in ALARM (target-tracking scaling signals left out). */
  alarms: AlarmSummary[];
}

export interface ClusterView {
  cluster: Cluster;
  /** The default Service Connect namespace, by name where Cloud Map tells it. */
  namespace?: NamespaceRef;
  services: ServiceRow[];
  /** Counted from the same reads as the rows, so the header and the table agree. */
  counts: { running: number; pending: number; desired: number; standalone: number };
}

/**
 * Everything the cluster page shows: 1 DescribeClusters and the cluster's service states
 * (see readClusterStates for their cost). Returns null data when the cluster does not exist.
 */
export async function getClusterView(name: string): Promise<View<ClusterView | null>> {
  const key = `${placeId(await currentPlace())}|${name}`;
  return settle('ecs:DescribeClusters', async () => {
    // After DescribeClusters, not beside it: for a name that is no cluster (anyone can type
    // one into the URL) its not-found answer is cached, while the service and task lists'
    // ClusterNotFoundException is not, and would be asked again on every visit.
    const cluster = await getCluster(name);
    if (!cluster.data) return { data: null, ...freshness(cluster) };
    const [states, namespace, alarms] = await Promise.all([
      readClusterStates(name),
      clusterNamespace(cluster.data),
      // The table still shows without alarms: a refused read costs the badges only.
      listAlarms().then(
        (read) => read.data,
        () => NO_ALARMS,
      ),
    ]);
    const from = [cluster.data, cluster.stale, states, alarms];
    const namespaced = JSON.stringify(namespace ?? null);
    const last = lastViews.get(key);
    if (last && last.namespace === namespaced && last.from.every((part, i) => part === from[i]))
      return last.view;
    const rows = states.services.map((service): ServiceRow => ({
      service,
      primary: service.deployments.find((d) => d.status === 'PRIMARY'),
      state: states.states.get(service.name)!,
      drift: findDrift(service, states.tasks.get(service.name) ?? []),
      lastEvent: service.events[0],
      alarms: firing(alarmsOf(alarms, service)),
    }));
    const sum = (pick: (s: Service) => number) =>
      states.services.reduce((total, s) => total + pick(s), 0);
    const view = {
      data: {
        cluster: cluster.data,
        namespace,
        services: rows,
        counts: {
          running: sum((s) => s.running),
          pending: sum((s) => s.pending),
          desired: sum((s) => s.desired),
          standalone: states.standaloneTasks,
        },
      },
      ...freshness(cluster, ...states.reads),
    };
    lastViews.set(key, { from, namespace: namespaced, view });
    return view;
  });
}

const NO_ALARMS: AlarmSummary[] = [];

/**
 * The last view of each cluster (per place) and the reads it was made from. While they are the
 * same cached objects, the view is the same object too: every viewer and change check in a
 * cache period shares it, and its change token is computed once (change-token.ts).
 */
const lastViews = processWide(
  'cluster-views',
  () =>
    new LRUCache<
      string,
      {
        from: unknown[];
        namespace: string;
        view: { data: ClusterView; fetchedAt: number; stale?: AwsFailure };
      }
    >({ max: 200 }),
);
