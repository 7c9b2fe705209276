/** What a container is and why its health reads as it does. */
import type { Container, ContainerDefinition, Task } from '../aws/types';

export const isXrayDaemon = (container: { name: string; image: string }) =>
  /aws-xray-daemon/.test(container.image) || container.name === 'xray';

/** ECS adds the Service Connect agent (Envoy) as a container named ecs-service-connect-*. */
export const isServiceConnectProxy = (container: { name: string }) =>
  container.name.startsWith('ecs-service-connect-');

/**
 * Why a container's health is UNKNOWN: no health check in its definition (the X-Ray sidecar),
 * still starting, or inside the health check's start period.
 */
export function unknownHealthReason(
  container: Container,
  definition: ContainerDefinition | undefined,
  task: Task,
  now: number,
): string | undefined {
  if (container.healthStatus !== 'UNKNOWN') return undefined;
  if (isServiceConnectProxy(container))
    return container.lastStatus === 'RUNNING' ? 'proxy health pending' : 'starting';
  if (!definition?.healthCheck) return 'no health check defined';
  if (container.lastStatus !== 'RUNNING' || task.startedAt === undefined) return 'starting';
  if (now < task.startedAt + definition.healthCheck.startPeriod * 1000)
    return 'starting (in start period)';
  return 'health check not yet passed';
}
