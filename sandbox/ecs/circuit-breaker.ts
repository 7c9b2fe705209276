/**
 * The deployment circuit breaker's bookkeeping: each failed task of a deployment that never
 * had a healthy one counts; at the threshold the rollout fails and, if asked, rolls back.
 */
import type { World } from '../world.js';
import { addEvent } from './events.js';
import type { Task } from './model.js';
import { circuitBreakerThreshold, startRollback } from './rollout.js';

export function countFailure(world: World, task: Task) {
  const service = task.service;
  if (!service || task.failureCounted) return;
  task.failureCounted = true;
  const deployment = service.deployments.find((d) => d.id === task.deploymentId);
  if (!deployment || deployment.hadSuccess) return;
  deployment.failedTasks++;
  deployment.updatedAt = world.now();
  const record = world.serviceDeployments.get(deployment.serviceDeploymentArn);
  // The breaker's count stops where it tripped: tasks of the failed deployment that crash while
  // the rollback starts are in failedTasks, not in the breaker's failureCount (it reads 3 of 3).
  if (record && deployment.rolloutState !== 'FAILED') {
    record.circuitBreaker.failureCount = deployment.failedTasks;
  }
  const threshold = circuitBreakerThreshold(deployment.desiredCount);
  if (
    service.circuitBreaker.enable &&
    deployment.status === 'PRIMARY' &&
    deployment.rolloutState === 'IN_PROGRESS' &&
    deployment.failedTasks >= threshold
  ) {
    deployment.rolloutState = 'FAILED';
    deployment.rolloutStateReason = 'ECS deployment circuit breaker: task failed to start.';
    addEvent(
      world,
      service,
      `(deployment ${deployment.id}) deployment failed: tasks failed to start.`,
    );
    if (service.circuitBreaker.rollback) {
      startRollback(world, service, 'Circuit breaker rollback triggered');
    } else if (record) {
      record.status = 'STOPPED';
      record.statusReason = 'ECS deployment circuit breaker: task failed to start.';
      record.stoppedAt = record.finishedAt = record.updatedAt = world.now();
    }
  }
}
