import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '../aws/types';
import { deployment, ref, service, task } from './fixtures';
import { clusterHealth, serviceHealth } from './health';

const withChecks: TaskDefinition = {
  ...ref('web', 2),
  status: 'ACTIVE',
  requiresCompatibilities: ['FARGATE'],
  registration: {},
  containers: [
    {
      name: 'web',
      image: 'x',
      essential: true,
      portMappings: [],
      healthCheck: {
        command: ['CMD', 'true'],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 0,
      },
    },
  ],
};
const withoutChecks: TaskDefinition = {
  ...withChecks,
  containers: [{ name: 'web', image: 'x', essential: true, portMappings: [] }],
};

describe('serviceHealth', () => {
  it('is healthy when every task passes its checks', () => {
    expect(serviceHealth(service(), [task('a'), task('b')], withChecks)).toEqual({
      level: 'healthy',
      reason: '2 of 2 tasks healthy',
    });
  });

  it('says when there are no health checks to pass', () => {
    const tasks = [task('a', { healthStatus: 'UNKNOWN' }), task('b', { healthStatus: 'UNKNOWN' })];
    expect(serviceHealth(service(), tasks, withoutChecks)).toEqual({
      level: 'healthy',
      reason: '2 running; no health checks defined',
    });
  });

  it('is starting while checks have not passed yet', () => {
    expect(
      serviceHealth(service(), [task('a', { healthStatus: 'UNKNOWN' }), task('b')], withChecks)
        .level,
    ).toBe('starting');
  });

  it('is unhealthy when a running task fails its checks', () => {
    expect(
      serviceHealth(service(), [task('a', { healthStatus: 'UNHEALTHY' }), task('b')], withChecks),
    ).toEqual({
      level: 'unhealthy',
      reason: '1 task failing health checks',
    });
  });

  it('is failed when the PRIMARY deployment failed, with its reason', () => {
    const s = service({
      deployments: [
        deployment({
          rolloutState: 'FAILED',
          rolloutStateReason: 'ECS deployment circuit breaker: task failed to start.',
        }),
      ],
    });
    expect(serviceHealth(s)).toEqual({
      level: 'failed',
      reason: 'ECS deployment circuit breaker: task failed to start.',
    });
  });

  it('is deploying during a rollout', () => {
    const s = service({
      deployments: [
        deployment({ rolloutState: 'IN_PROGRESS', taskDefinition: ref('web', 3) }),
        deployment({ status: 'ACTIVE' }),
      ],
    });
    expect(serviceHealth(s)).toEqual({ level: 'deploying', reason: 'rolling out web:3' });
  });

  it('is degraded when fewer run than desired, idle at zero', () => {
    expect(serviceHealth(service({ running: 1 })).level).toBe('degraded');
    expect(serviceHealth(service({ running: 0, desired: 0 })).level).toBe('idle');
  });
});

describe('clusterHealth', () => {
  it('is the worst of its services, counted', () => {
    expect(
      clusterHealth([
        { level: 'healthy', reason: '' },
        { level: 'degraded', reason: '' },
        { level: 'degraded', reason: '' },
      ]),
    ).toEqual({ level: 'degraded', reason: '2 services degraded' });
    expect(
      clusterHealth([
        { level: 'healthy', reason: '' },
        { level: 'idle', reason: '' },
      ]),
    ).toEqual({ level: 'healthy', reason: '2 services healthy' });
    expect(clusterHealth([]).level).toBe('idle');
  });
});

describe('clusterHealth ranks every level', () => {
  // Worst first, written out independently of HEALTH_LEVELS.
  const ORDER = ['failed', 'unhealthy', 'degraded', 'deploying', 'starting', 'unknown'] as const;
  it.each(
    ORDER.flatMap((worse, i) =>
      [...ORDER.slice(i + 1), 'healthy' as const, 'idle' as const].map((better) => [worse, better]),
    ),
  )('%s outranks %s', (worse, better) => {
    expect(
      clusterHealth([
        { level: better, reason: '' },
        { level: worse, reason: '' },
      ]),
    ).toEqual({ level: worse, reason: `1 service ${worse}` });
  });
});
