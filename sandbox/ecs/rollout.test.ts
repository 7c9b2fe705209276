/**
 * Deployments and their service deployment records (what DescribeServiceDeployments returns) on
 * a real in-process world: what a new deployment pins, what a newer one stops, and a rollback
 * with nothing to return to.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { worldWithService } from '../tests/in-process-world.js';
import type { World } from '../world.js';
import type { Deployment, Service, ServiceDeployment } from './model.js';
import { completeServiceDeployment, startRollback } from './rollout.js';
import { updateService } from './services.js';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const PREFIX = 'arn:aws:ecs:us-east-1:123456789012';
const SUPERSEDED = 'Service deployment stopped because a newer service deployment started.';
let world: World;
let service: Service;

// The sandbox's timestamps are wall-clock time: held still, so they can be pinned.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  ({ world, service } = worldWithService(
    {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 150,
      minimumHealthyPercent: 50,
    },
    8,
  ));
});
afterEach(() => vi.useRealTimers());

const recordOf = (deployment: Deployment): ServiceDeployment =>
  world.serviceDeployments.get(deployment.serviceDeploymentArn)!;

const deploy = (taskDefinition: string) => {
  vi.setSystemTime(Date.now() + 1_000);
  updateService(world, { cluster: 'c', service: 'svc', taskDefinition, forceNewDeployment: true });
  return service.deployments[0]!;
};

describe('a new deployment', () => {
  it('pins a revision and opens a record with the configuration it ran under', () => {
    const first = service.deployments[0]!;
    expect(first).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: `ECS deployment ${first.id} in progress.`,
      desiredCount: 8,
      failedTasks: 0,
      createdAt: T0,
    });
    expect(first.serviceRevisionArn).toMatch(
      new RegExp(`^${PREFIX}:service-revision/c/svc/[0-9a-f]{19}$`),
    );
    const record = recordOf(first);
    expect(record.arn).toMatch(new RegExp(`^${PREFIX}:service-deployment/c/svc/[0-9a-f]{21}$`));
    expect(record).toMatchObject({
      status: 'IN_PROGRESS',
      sourceRevisionArns: [],
      targetRevisionArn: first.serviceRevisionArn,
      // 0.5 × 8 tasks.
      circuitBreaker: { enabled: true, failureCount: 0, threshold: 4 },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 150,
        minimumHealthyPercent: 50,
        strategy: 'ROLLING',
      },
    });
    // A copy: changing the service's breaker later does not rewrite what this one ran under.
    updateService(world, {
      cluster: 'c',
      service: 'svc',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
    });
    expect(record.deploymentConfiguration.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true,
    });
  });

  it('stops the record of the one still in progress, saying why, and names it as its source', () => {
    const first = service.deployments[0]!;
    const second = deploy('app:2');
    expect(recordOf(first)).toMatchObject({
      status: 'STOPPED',
      statusReason: SUPERSEDED,
      stoppedAt: T0 + 1_000,
      finishedAt: T0 + 1_000,
      updatedAt: T0 + 1_000,
    });
    expect(recordOf(second)).toMatchObject({
      status: 'IN_PROGRESS',
      sourceRevisionArns: [first.serviceRevisionArn],
    });
    expect(service.deployments.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE']);
    // A record that has ended keeps its ending, whatever its deployment does next.
    completeServiceDeployment(world, service, first, T0 + 2_000);
    expect(recordOf(first)).toMatchObject({ status: 'STOPPED', finishedAt: T0 + 1_000 });
  });

  it('leaves the records of finished deployments as they ended', () => {
    const first = service.deployments[0]!;
    completeServiceDeployment(world, service, first, T0 + 500);
    deploy('app:2');
    expect(recordOf(first)).toMatchObject({ status: 'SUCCESSFUL', finishedAt: T0 + 500 });
    expect(recordOf(first).statusReason).toBeUndefined();
  });

  it('stops a rollback in progress too, and makes the service unsettled again', () => {
    completeServiceDeployment(world, service, service.deployments[0]!, T0);
    const failing = deploy('app:2');
    startRollback(world, service, 'Circuit breaker rollback triggered');
    expect(recordOf(failing).status).toBe('ROLLBACK_IN_PROGRESS');
    service.steady = true;
    deploy('app:2');
    expect(recordOf(failing)).toMatchObject({ status: 'STOPPED', statusReason: SUPERSEDED });
  });
});

describe('startRollback', () => {
  it('returns to the last completed revision in the same record, and unsettles the service', () => {
    const good = service.deployments[0]!;
    completeServiceDeployment(world, service, good, T0);
    const failing = deploy('app:2');
    service.steady = true;
    vi.setSystemTime(T0 + 9_000);
    startRollback(world, service, 'why');
    const back = service.deployments[0]!;
    expect([back.taskDefinition.family, back.taskDefinition.revision]).toEqual(['app', 1]);
    expect(back.serviceRevisionArn).toBe(good.serviceRevisionArn);
    expect(back.serviceDeploymentArn).toBe(failing.serviceDeploymentArn);
    expect(recordOf(failing)).toMatchObject({
      status: 'ROLLBACK_IN_PROGRESS',
      updatedAt: T0 + 9_000,
      rollback: {
        reason: 'why',
        startedAt: T0 + 9_000,
        serviceRevisionArn: good.serviceRevisionArn,
      },
    });
    expect(service.events[0]?.message).toBe(`(service svc) rolling back to deployment ${good.id}.`);
    expect(service.steady).toBe(false);
    completeServiceDeployment(world, service, back, T0 + 20_000);
    expect(recordOf(failing)).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      finishedAt: T0 + 20_000,
    });
  });

  it('with no completed deployment to return to, fails the record and starts nothing', () => {
    const first = service.deployments[0]!;
    vi.setSystemTime(T0 + 3_000);
    startRollback(world, service, 'Circuit breaker rollback triggered');
    expect(service.deployments).toEqual([first]);
    expect(recordOf(first)).toMatchObject({
      status: 'ROLLBACK_FAILED',
      statusReason: 'No previous successful service revision to roll back to.',
      finishedAt: T0 + 3_000,
      updatedAt: T0 + 3_000,
    });
    expect(recordOf(first).rollback).toBeUndefined();
  });
});
