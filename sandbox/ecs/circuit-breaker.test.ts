/**
 * The deployment circuit breaker's bookkeeping (countFailure) on a real in-process world: a
 * cluster, a revision and a service made by the sandbox's own operations, and tasks that fail.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { worldWithService } from '../tests/in-process-world.js';
import type { World } from '../world.js';
import { countFailure } from './circuit-breaker.js';
import type { Deployment, Service, ServiceDeployment, Task } from './model.js';
import { completeServiceDeployment } from './rollout.js';
import { updateService } from './services.js';

const REASON = 'ECS deployment circuit breaker: task failed to start.';
const T0 = Date.parse('2026-12-05T10:00:00Z');
let world: World;

// The sandbox's timestamps are wall-clock time: held still, so they can be pinned.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

function setup(breaker: { enable: boolean; rollback: boolean }, desiredCount = 2): Service {
  let service: Service;
  ({ world, service } = worldWithService({ deploymentCircuitBreaker: breaker }, desiredCount));
  return service;
}

/** A task of `deployment` that has just failed to start. */
const failedTask = (service: Service, deployment: Deployment) =>
  ({ service, deploymentId: deployment.id, failureCounted: false }) as unknown as Task;

const recordOf = (deployment: Deployment): ServiceDeployment =>
  world.serviceDeployments.get(deployment.serviceDeploymentArn)!;

describe('countFailure', () => {
  let service: Service;
  let deployment: Deployment;
  beforeEach(() => {
    service = setup({ enable: true, rollback: false });
    deployment = service.deployments[0]!;
  });

  it('counts each failed task once, below the threshold (3 for 2 tasks) nothing trips', () => {
    const task = failedTask(service, deployment);
    countFailure(world, task);
    countFailure(world, task);
    countFailure(world, failedTask(service, deployment));
    expect([deployment.failedTasks, recordOf(deployment).circuitBreaker.failureCount]).toEqual([
      2, 2,
    ]);
    expect([deployment.rolloutState, recordOf(deployment).status]).toEqual([
      'IN_PROGRESS',
      'IN_PROGRESS',
    ]);
  });

  it('fails the deployment at the threshold, and without rollback stops its record', () => {
    for (let i = 0; i < 2; i++) countFailure(world, failedTask(service, deployment));
    vi.setSystemTime(T0 + 5_000);
    countFailure(world, failedTask(service, deployment));
    const record = recordOf(deployment);
    expect([deployment.rolloutState, deployment.rolloutStateReason]).toEqual(['FAILED', REASON]);
    expect(deployment.updatedAt).toBe(T0 + 5_000);
    expect(service.events[0]?.message).toBe(
      `(service svc) (deployment ${deployment.id}) deployment failed: tasks failed to start.`,
    );
    expect([record.status, record.statusReason, record.circuitBreaker.failureCount]).toEqual([
      'STOPPED',
      REASON,
      3,
    ]);
    expect([record.stoppedAt, record.finishedAt, record.updatedAt]).toEqual([
      T0 + 5_000,
      T0 + 5_000,
      T0 + 5_000,
    ]);
    // A task of the failed deployment that crashes afterwards is a failed task, but the
    // breaker's count stops where it tripped: 3 of 3.
    countFailure(world, failedTask(service, deployment));
    expect([deployment.failedTasks, record.circuitBreaker.failureCount]).toEqual([4, 3]);
  });

  it('trips only for the PRIMARY deployment while its rollout is in progress', () => {
    deployment.status = 'ACTIVE';
    for (let i = 0; i < 3; i++) countFailure(world, failedTask(service, deployment));
    expect(deployment.rolloutState).toBe('IN_PROGRESS');
    deployment.status = 'PRIMARY';
    deployment.rolloutState = 'COMPLETED';
    countFailure(world, failedTask(service, deployment));
    expect([deployment.failedTasks, deployment.rolloutState]).toEqual([4, 'COMPLETED']);
  });

  it('counts nothing once a task of the deployment ran healthy, or with the breaker off', () => {
    deployment.hadSuccess = true;
    countFailure(world, failedTask(service, deployment));
    expect(deployment.failedTasks).toBe(0);
    const off = setup({ enable: false, rollback: false });
    const first = off.deployments[0]!;
    for (let i = 0; i < 4; i++) countFailure(world, failedTask(off, first));
    expect([first.failedTasks, first.rolloutState]).toEqual([4, 'IN_PROGRESS']);
  });

  it('rolls back to the last completed deployment when asked, saying why', () => {
    service = setup({ enable: true, rollback: true });
    completeServiceDeployment(world, service, service.deployments[0]!, world.now());
    updateService(world, { cluster: 'c', service: 'svc', taskDefinition: 'app:2' });
    const failing = service.deployments.find((d) => d.status === 'PRIMARY')!;
    for (let i = 0; i < 3; i++) countFailure(world, failedTask(service, failing));
    const record = recordOf(failing);
    expect([failing.rolloutState, record.status, record.rollback?.reason]).toEqual([
      'FAILED',
      'ROLLBACK_IN_PROGRESS',
      'Circuit breaker rollback triggered',
    ]);
  });
});
