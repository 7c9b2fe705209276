import 'server-only';
import { getCluster } from '../aws/ecs';
import { clusterNamespace, type NamespaceRef } from '../aws/namespaces';
import type { Cluster, Deployment, Service, ServiceEvent } from '../aws/types';
import { findDrift, type Drift } from '../ecs/drift';
import { alarmsOf, firing, listAlarms, type AlarmSummary } from '../aws/alarms';
import type { ServiceState } from '../ecs/service-state';
import { freshness, settle, type View } from './result';
import { readClusterStates } from './service-states';

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
export function getClusterView(name: string): Promise<View<ClusterView | null>> {
  return settle('ecs:DescribeClusters', async () => {
    const cluster = await getCluster(name);
    if (!cluster.data) return { data: null, ...freshness(cluster) };
    const [states, namespace, alarms] = await Promise.all([
      readClusterStates(name),
      clusterNamespace(cluster.data),
      // The table still shows without alarms: a refused read costs the badges only.
      listAlarms().then(
        (read) => read.data,
        () => [],
      ),
    ]);
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
    return {
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
  });
}
