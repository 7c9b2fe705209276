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

describe('serviceHealth, case by case', () => {
  const sidecarUnchecked: TaskDefinition = {
    ...withChecks,
    containers: [
      ...withChecks.containers,
      { name: 'xray', image: 'x', essential: false, portMappings: [] },
    ],
  };
  const checkedSidecarOnly: TaskDefinition = {
    ...withChecks,
    containers: [
      { name: 'web', image: 'x', essential: true, portMappings: [] },
      { ...withChecks.containers[0]!, name: 'xray', essential: false },
    ],
  };
  const waiting = [task('a', { healthStatus: 'UNKNOWN' }), task('b')];

  it.each<[string, Parameters<typeof serviceHealth>, { level: string; reason: string }]>([
    [
      'a draining service',
      [service({ status: 'DRAINING' })],
      { level: 'unknown', reason: 'draining: the service is being deleted' },
    ],
    [
      'a failed rollout without a reason',
      [service({ deployments: [deployment({ rolloutState: 'FAILED' })] })],
      { level: 'failed', reason: 'the latest deployment failed' },
    ],
    [
      'a failed ACTIVE deployment behind a completed PRIMARY one',
      [
        service({
          deployments: [
            deployment({ status: 'ACTIVE', rolloutState: 'FAILED' }),
            deployment({ taskDefinition: ref('web', 3) }),
          ],
        }),
      ],
      { level: 'deploying', reason: 'rolling out web:3' },
    ],
    [
      'two deployments whose PRIMARY has completed',
      [service({ deployments: [deployment(), deployment({ status: 'ACTIVE' })] })],
      { level: 'deploying', reason: 'rolling out web:2' },
    ],
    [
      'one deployment still in progress',
      [service({ deployments: [deployment({ rolloutState: 'IN_PROGRESS' })] })],
      { level: 'deploying', reason: 'rolling out web:2' },
    ],
    [
      'two deployments and no PRIMARY',
      [
        service({
          deployments: [deployment({ status: 'ACTIVE' }), deployment({ status: 'INACTIVE' })],
        }),
      ],
      { level: 'deploying', reason: 'rolling out' },
    ],
    [
      'scaled to zero',
      [service({ desired: 0, running: 0 })],
      { level: 'idle', reason: 'scaled to zero' },
    ],
    [
      'desired zero with one still running',
      [service({ desired: 0, running: 1 })],
      { level: 'healthy', reason: '1 of 0 tasks running' },
    ],
    [
      'none of two running',
      [service({ desired: 2, running: 0 })],
      { level: 'degraded', reason: '0 of 2 tasks running' },
    ],
    [
      'one of two running',
      [service({ running: 1 })],
      { level: 'degraded', reason: '1 of 2 tasks running' },
    ],
    [
      'all running, tasks not read',
      [service()],
      { level: 'healthy', reason: '2 of 2 tasks running' },
    ],
    [
      'a task waiting, definition not read (checks assumed)',
      [service(), waiting],
      { level: 'starting', reason: '1 task waiting for health checks' },
    ],
    [
      'two tasks waiting',
      [
        service(),
        [task('a', { healthStatus: 'UNKNOWN' }), task('b', { healthStatus: 'UNKNOWN' })],
        withChecks,
      ],
      { level: 'starting', reason: '2 tasks waiting for health checks' },
    ],
    [
      'a checked essential container beside an unchecked sidecar',
      [service(), waiting, sidecarUnchecked],
      { level: 'starting', reason: '1 task waiting for health checks' },
    ],
    [
      'only a non-essential container has a check',
      [service(), waiting, checkedSidecarOnly],
      { level: 'healthy', reason: '2 running; no health checks defined' },
    ],
    [
      'unhealthy tasks that are stopping or not yet running',
      [
        service(),
        [
          task('a'),
          task('b'),
          task('c', { desiredStatus: 'STOPPED', healthStatus: 'UNHEALTHY' }),
          task('d', { lastStatus: 'PENDING', healthStatus: 'UNHEALTHY' }),
        ],
        withChecks,
      ],
      { level: 'healthy', reason: '2 of 2 tasks healthy' },
    ],
    [
      'two unhealthy tasks',
      [
        service(),
        [task('a', { healthStatus: 'UNHEALTHY' }), task('b', { healthStatus: 'UNHEALTHY' })],
        withChecks,
      ],
      { level: 'unhealthy', reason: '2 tasks failing health checks' },
    ],
  ])('%s', (_, args, expected) => {
    expect(serviceHealth(...args)).toEqual(expected);
  });

  it('a cluster without services is idle, saying so', () => {
    expect(clusterHealth([])).toEqual({ level: 'idle', reason: 'no services' });
  });
});
