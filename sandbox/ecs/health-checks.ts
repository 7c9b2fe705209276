/**
 * Container health checks as ECS runs them: the interval, the start period, consecutive
 * failures up to `retries`, and the task's health from its essential checked containers.
 */
import type { World } from '../world.js';
import type { ContainerState, HealthStatus, Task } from './model.js';

/**
 * The health of a task from its essential containers that have a health check
 * (the Service Connect agent included): any UNHEALTHY wins, then UNKNOWN.
 */
export function taskHealth(task: Task): HealthStatus {
  const checked = task.containers.filter(
    (c) => c.essential && (c.definition?.healthCheck || c.managedProxy),
  );
  if (checked.length === 0) return 'UNKNOWN';
  if (checked.some((c) => c.healthStatus === 'UNHEALTHY')) return 'UNHEALTHY';
  if (checked.some((c) => c.healthStatus === 'UNKNOWN')) return 'UNKNOWN';
  return 'HEALTHY';
}

/** Whether a running task counts toward a deployment's healthy tasks. */
export function isHealthyRunning(task: Task) {
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return false;
  const hasChecks = task.containers.some(
    (c) => c.essential && (c.definition?.healthCheck || c.managedProxy),
  );
  return hasChecks ? taskHealth(task) === 'HEALTHY' : true;
}

/**
 * Runs the container's health checks due by `at`: ECS counts consecutive failures after the
 * start period and marks the container UNHEALTHY at `retries`; one pass makes it HEALTHY.
 */
export function runHealthChecks(world: World, container: ContainerState, at: number) {
  const check = container.definition?.healthCheck;
  while (container.nextHealthCheckAt !== undefined && container.nextHealthCheckAt <= at) {
    const t = container.nextHealthCheckAt;
    container.nextHealthCheckAt = t + world.clock.ms(check?.interval ?? 5);
    const passes = container.behaviour !== 'unhealthy';
    if (passes) {
      container.healthStatus = 'HEALTHY';
      container.consecutiveHealthFailures = 0;
      continue;
    }
    const inStartPeriod =
      check && t < (container.startedAt ?? 0) + world.clock.ms(check.startPeriod);
    if (inStartPeriod) continue;
    container.consecutiveHealthFailures++;
    if (container.consecutiveHealthFailures >= (check?.retries ?? 3))
      container.healthStatus = 'UNHEALTHY';
  }
}
