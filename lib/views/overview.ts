import 'server-only';
import { toAwsFailure } from '../aws/errors';
import { listClusters, listServices } from '../aws/ecs';
import type { Cluster } from '../aws/types';
import { clusterHealth, serviceHealth, type Health } from '../ecs/health';
import { freshness, settle, type View } from './result';

export interface ClusterOverview {
  cluster: Cluster;
  health: Health;
}

/**
 * The clusters page: every cluster and a health roll-up of its services. Service reads are
 * the same cached reads the cluster page makes, so moving between the two costs nothing.
 */
export function getOverview(): Promise<View<ClusterOverview[]>> {
  return settle('ecs:ListClusters', async () => {
    const clusters = await listClusters();
    const rows = await Promise.all(
      clusters.data.map(async (cluster) => {
        try {
          const services = await listServices(cluster.name);
          const health = clusterHealth(services.data.map((s) => serviceHealth(s)));
          return { row: { cluster, health }, read: services };
        } catch (error) {
          const failure = toAwsFailure(error, 'ecs:ListServices');
          return {
            row: { cluster, health: { level: 'unknown' as const, reason: failure.message } },
          };
        }
      }),
    );
    const reads = [clusters, ...rows.flatMap((r) => (r.read ? [r.read] : []))];
    return { data: rows.map((r) => r.row), ...freshness(...reads) };
  });
}
