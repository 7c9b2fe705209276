/**
 * What tells a refresh which of a big cluster's services to describe again (see
 * lib/aws/redescribe.ts): whether a service is changing, and what of it shows in its tasks.
 */
import type { Service as SdkService } from '@aws-sdk/client-ecs';
import type { Task } from '../aws/types';

/**
 * Whether a service is changing, so that a refresh describes it again whatever its tasks say:
 * a deployment under way or more than one, tasks pending or missing, a deployment controller
 * other than ECS's (its task sets are not in `deployments`), or not ACTIVE.
 */
export function serviceMoving(service: SdkService): boolean {
  const deployments = service.deployments ?? [];
  return (
    service.status !== 'ACTIVE' ||
    (service.deploymentController?.type ?? 'ECS') !== 'ECS' ||
    deployments.length !== 1 ||
    deployments[0]!.rolloutState !== 'COMPLETED' ||
    service.runningCount !== service.desiredCount ||
    (service.pendingCount ?? 0) !== 0
  );
}

/**
 * What of a service shows in its live tasks first, by service name: each task and its status.
 * A deployment starts tasks, a scaling starts or stops them, a failing task stops.
 */
export function liveTaskSignatures(tasks: Task[]): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const task of tasks) {
    if (!task.serviceName) continue;
    const list = parts.get(task.serviceName) ?? [];
    list.push(`${task.arn} ${task.lastStatus}`);
    parts.set(task.serviceName, list);
  }
  return new Map([...parts].map(([name, list]) => [name, list.sort().join(',')]));
}
