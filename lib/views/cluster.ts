import 'server-only';
import { getCluster, getTaskDefinitions, listServices, listTasks } from '../aws/ecs';
import type { Cluster, Deployment, Service, ServiceEvent } from '../aws/types';
import { findDrift, type Drift } from '../ecs/drift';
import { serviceHealth, type Health } from '../ecs/health';
import { freshness, settle, type View } from './result';

export interface ServiceRow {
  service: Service;
  primary?: Deployment;
  health: Health;
  drift: Drift[];
  lastEvent?: ServiceEvent;
}

export interface ClusterView {
  cluster: Cluster;
  services: ServiceRow[];
  taskCount: number;
}

/**
 * Everything the cluster page shows, at the batch-limit minimum of AWS calls:
 * 1 DescribeClusters, ceil(S/100) ListServices + ceil(S/10) DescribeServices,
 * ceil(T/100) ListTasks + ceil(T/100) DescribeTasks (one listing for the whole cluster,
 * not one per service), and one DescribeTaskDefinition per revision never seen before.
 * Returns null data when the cluster does not exist.
 */
export function getClusterView(name: string): Promise<View<ClusterView | null>> {
  return settle('ecs:DescribeClusters', async () => {
    const cluster = await getCluster(name);
    if (!cluster.data) return { data: null, ...freshness(cluster) };
    const [services, tasks] = await Promise.all([listServices(name), listTasks(name)]);
    const primaries = services.data.map((s) => s.deployments.find((d) => d.status === 'PRIMARY'));
    const definitions = await getTaskDefinitions(
      primaries.flatMap((d) => (d ? [d.taskDefinition.arn] : [])),
    );
    const tasksByService = new Map<string, typeof tasks.data>();
    for (const task of tasks.data) {
      if (!task.serviceName) continue;
      const list = tasksByService.get(task.serviceName) ?? [];
      list.push(task);
      tasksByService.set(task.serviceName, list);
    }
    const rows = services.data.map((service, index): ServiceRow => {
      const primary = primaries[index];
      const serviceTasks = tasksByService.get(service.name) ?? [];
      return {
        service,
        primary,
        health: serviceHealth(
          service,
          serviceTasks,
          primary && definitions.get(primary.taskDefinition.arn),
        ),
        drift: findDrift(service, serviceTasks),
        lastEvent: service.events[0],
      };
    });
    return {
      data: { cluster: cluster.data, services: rows, taskCount: tasks.data.length },
      ...freshness(cluster, services, tasks),
    };
  });
}
