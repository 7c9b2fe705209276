import { describe, expect, it } from 'vitest';
import type { ServiceDeploymentRecord, Task, TaskDefinition } from '../aws/types';
import { deployment, ref, service, task } from './fixtures';
import {
  SERVICE_STATES,
  clusterState,
  crashed,
  crashReason,
  failedContainer,
  serviceState,
  type ServiceFacts,
  type ServiceState,
  type ServiceStateName,
} from './service-state';

const NOW = Date.UTC(2026, 11, 2, 20, 14);
const MIN = 60_000;

const checked: TaskDefinition = {
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
    { name: 'xray', image: 'x', essential: false, portMappings: [] },
  ],
};
const unchecked: TaskDefinition = {
  ...checked,
  containers: [{ name: 'web', image: 'x', essential: true, portMappings: [] }],
};

function record(extra: Partial<ServiceDeploymentRecord> = {}): ServiceDeploymentRecord {
  return {
    arn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/c/web/abc',
    status: 'SUCCESSFUL',
    createdAt: NOW - 30 * MIN,
    taskDefinition: ref('web', 2),
    images: [],
    ...extra,
  };
}

/** A task of web:`revision` that stopped `minutesAgo`, its essential container exiting `code`. */
function stopped(id: string, minutesAgo: number, code = 1, revision = 2): Task {
  return task(id, {
    taskDefinition: ref('web', revision),
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stoppedAt: NOW - minutesAgo * MIN,
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [
      {
        name: 'web',
        image: 'x',
        lastStatus: 'STOPPED',
        healthStatus: 'UNKNOWN',
        exitCode: code,
        execAgentRunning: false,
      },
    ],
  });
}

const rolledBack = record({
  status: 'ROLLBACK_SUCCESSFUL',
  taskDefinition: ref('web', 3),
  statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
  createdAt: NOW - 10 * MIN,
  finishedAt: NOW - 6 * MIN,
  circuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
  rollback: {
    reason: 'Circuit breaker triggered',
    startedAt: NOW - 8 * MIN,
    toTaskDefinition: ref('web', 2),
  },
});

const facts = (extra: Partial<ServiceFacts> = {}): ServiceFacts => ({
  service: service(),
  tasks: [task('a'), task('b')],
  stopped: [],
  history: [record()],
  definition: checked,
  now: NOW,
  ...extra,
});

describe('serviceState: a table of situations', () => {
  it.each<[string, ServiceFacts, ServiceState]>([
    ['steady, every task healthy', facts(), { state: 'steady', reason: '2 of 2 tasks healthy' }],
    [
      'steady without health checks',
      facts({ definition: unchecked, tasks: [task('a', { healthStatus: 'UNKNOWN' }), task('b')] }),
      { state: 'steady', reason: '2 running; no health checks defined' },
    ],
    [
      'steady from the service counts alone (the overview)',
      facts({ tasks: undefined, stopped: undefined, definition: undefined }),
      { state: 'steady', reason: '2 of 2 tasks running' },
    ],
    [
      'desired 0: scaled to zero is steady',
      facts({ service: service({ desired: 0, running: 0 }), tasks: [] }),
      { state: 'steady', reason: 'scaled to zero' },
    ],
    [
      'deploying, with progress over the new revision only',
      facts({
        service: service({
          deployments: [
            deployment({ taskDefinition: ref('web', 3), rolloutState: 'IN_PROGRESS', desired: 2 }),
            deployment({ status: 'ACTIVE' }),
          ],
        }),
        tasks: [
          task('a'),
          task('b'),
          task('c', { taskDefinition: ref('web', 3) }),
          task('d', { taskDefinition: ref('web', 3), healthStatus: 'UNKNOWN' }),
        ],
      }),
      {
        state: 'deploying',
        reason: 'Deploying web:3: 1 of 2 new tasks healthy',
        progress: { done: 1, of: 2 },
      },
    ],
    [
      'deploying, counted from the deployment when tasks are not read',
      facts({
        service: service({
          deployments: [
            deployment({ taskDefinition: ref('web', 3), rolloutState: 'IN_PROGRESS', running: 1 }),
          ],
        }),
        tasks: undefined,
      }),
      {
        state: 'deploying',
        reason: 'Deploying web:3: 1 of 2 new tasks running',
        progress: { done: 1, of: 2 },
      },
    ],
    [
      'rolling back, from the history',
      facts({
        history: [
          record({
            ...rolledBack,
            status: 'ROLLBACK_IN_PROGRESS',
            finishedAt: undefined,
          }),
          record(),
        ],
      }),
      {
        state: 'rolling-back',
        reason: 'Rolling back from web:3 to web:2: Circuit breaker triggered',
        at: NOW - 8 * MIN,
      },
    ],
    [
      'rolling back, from the deployments when the history is not read',
      facts({
        history: undefined,
        service: service({
          deployments: [
            deployment({ rolloutState: 'IN_PROGRESS' }),
            deployment({
              status: 'ACTIVE',
              taskDefinition: ref('web', 3),
              rolloutState: 'FAILED',
              rolloutStateReason: 'ECS deployment circuit breaker: task failed to start.',
              updatedAt: NOW - 2 * MIN,
            }),
          ],
        }),
      }),
      {
        state: 'rolling-back',
        reason:
          'Rolling back from web:3 to web:2: ECS deployment circuit breaker: task failed to start.',
        at: NOW - 2 * MIN,
      },
    ],
    [
      'failed: rolled back, and it stays failed long after',
      facts({ history: [rolledBack, record()], now: NOW + 26 * 60 * MIN }),
      {
        state: 'failed',
        reason: 'Deployment of web:3 failed: 3 tasks failed to start; running web:2',
        at: NOW - 6 * MIN,
      },
    ],
    [
      'failed: a rollback that itself failed',
      facts({
        history: [
          record({
            status: 'ROLLBACK_FAILED',
            taskDefinition: ref('web', 3),
            statusReason: 'No previous successful service revision to roll back to.',
            finishedAt: NOW - MIN,
          }),
        ],
      }),
      {
        state: 'failed',
        reason:
          'Deployment of web:3 failed and could not be rolled back: No previous successful service revision to roll back to.',
        at: NOW - MIN,
      },
    ],
    [
      'failed: the breaker stopped a deployment it could not roll back',
      facts({
        service: service({
          deployments: [
            deployment({
              rolloutState: 'FAILED',
              rolloutStateReason: 'ECS deployment circuit breaker: task failed to start.',
              updatedAt: NOW - 3 * MIN,
            }),
          ],
        }),
      }),
      {
        state: 'failed',
        reason: 'Deployment of web:2 failed: ECS deployment circuit breaker: task failed to start.',
        at: NOW - 3 * MIN,
      },
    ],
    [
      'failed, with why the failed revision’s tasks stopped',
      facts({ history: [rolledBack], stopped: [stopped('s1', 7, 1, 3), stopped('s2', 7.5, 1, 3)] }),
      {
        state: 'failed',
        reason:
          'Deployment of web:3 failed: 3 tasks failed to start (web exited with code 1); running web:2',
        at: NOW - 6 * MIN,
      },
    ],
    [
      'failed, by the rollback’s reason when the breaker counted nothing',
      facts({ history: [{ ...rolledBack, circuitBreaker: undefined }] }),
      {
        state: 'failed',
        reason: 'Deployment of web:3 failed: Circuit breaker triggered; running web:2',
        at: NOW - 6 * MIN,
      },
    ],
    [
      'steady again once a later deployment succeeded',
      facts({ history: [record({ createdAt: NOW - MIN }), rolledBack] }),
      { state: 'steady', reason: '2 of 2 tasks healthy' },
    ],
    [
      'crash-looping with no deployment (the notifications-worker case)',
      facts({
        service: service({ desired: 1, running: 0, pending: 1 }),
        tasks: [task('n', { lastStatus: 'PENDING', healthStatus: 'UNKNOWN' })],
        stopped: [stopped('s1', 9), stopped('s2', 4), stopped('s3', 1)],
      }),
      {
        state: 'crash-looping',
        reason:
          '3 tasks of web:2 stopped in the last 10 minutes; the latest: web exited with code 1',
        at: NOW - MIN,
      },
    ],
    [
      'crash-looping during a rollout, before any breaker trips',
      facts({
        service: service({
          deployments: [
            deployment({ taskDefinition: ref('web', 3), rolloutState: 'IN_PROGRESS' }),
            deployment({ status: 'ACTIVE' }),
          ],
        }),
        stopped: [stopped('s1', 2, 1, 3), stopped('s2', 1, 1, 3)],
      }),
      {
        state: 'crash-looping',
        reason:
          '2 tasks of web:3 stopped in the last 10 minutes; the latest: web exited with code 1',
        at: NOW - MIN,
      },
    ],
    [
      'one crash is degraded, with its reason',
      facts({
        service: service({ running: 1, pending: 1 }),
        tasks: [task('a'), task('n', { lastStatus: 'PENDING', healthStatus: 'UNKNOWN' })],
        stopped: [stopped('s1', 1, 137)],
      }),
      {
        state: 'degraded',
        reason: '1 of 2 tasks running; a task stopped: web exited with code 137',
        at: NOW - MIN,
      },
    ],
    [
      'crashes older than 10 minutes, of another revision, or clean exits are not a loop',
      facts({
        stopped: [
          stopped('old', 11),
          stopped('other', 1, 1, 1),
          stopped('clean', 1, 0),
          stopped('clean2', 2, 0),
        ],
      }),
      { state: 'steady', reason: '2 of 2 tasks healthy' },
    ],
    [
      'scaling 1 to 3: tasks starting',
      facts({
        service: service({ desired: 3, running: 1, pending: 2 }),
        tasks: [
          task('a'),
          task('b', { lastStatus: 'PROVISIONING', healthStatus: 'UNKNOWN' }),
          task('c', { lastStatus: 'PENDING', healthStatus: 'UNKNOWN' }),
        ],
      }),
      { state: 'scaling', reason: '1 of 3 tasks running, 2 starting' },
    ],
    [
      'scaling, counted from the service when tasks are not read',
      facts({ service: service({ desired: 3, running: 1, pending: 2 }), tasks: undefined }),
      { state: 'scaling', reason: '1 of 3 tasks running, 2 starting' },
    ],
    [
      'scaling in',
      facts({ service: service({ desired: 1, running: 3 }) }),
      { state: 'scaling', reason: '3 tasks running, 1 desired: stopping 2' },
    ],
    [
      'scaling: new tasks waiting for health checks',
      facts({ tasks: [task('a'), task('b', { healthStatus: 'UNKNOWN' })] }),
      { state: 'scaling', reason: '1 task waiting for health checks' },
    ],
    [
      'degraded: fewer running and nothing starting',
      facts({ service: service({ desired: 3, running: 2, pending: 0 }) }),
      { state: 'degraded', reason: '2 of 3 tasks running' },
    ],
    [
      'degraded: tasks failing health checks',
      facts({
        tasks: [
          task('a', { healthStatus: 'UNHEALTHY' }),
          task('b', { healthStatus: 'UNHEALTHY' }),
          task('c', { desiredStatus: 'STOPPED', healthStatus: 'UNHEALTHY' }),
        ],
      }),
      { state: 'degraded', reason: '2 tasks failing health checks' },
    ],
    [
      'degraded: load balancer targets failing, though ECS counts every task healthy',
      facts({
        targets: [
          { state: 'healthy' },
          { state: 'unhealthy', reason: 'Target.FailedHealthChecks' },
          { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' },
          { state: 'unhealthy', reason: 'Target.FailedHealthChecks' },
          { state: 'draining', reason: 'Target.DeregistrationInProgress' },
        ],
      }),
      {
        state: 'degraded',
        reason:
          '3 of 4 load balancer targets unhealthy (Target.FailedHealthChecks, Target.ResponseCodeMismatch)',
      },
    ],
    [
      'steady: targets healthy, initial or draining',
      facts({
        targets: [{ state: 'healthy' }, { state: 'initial' }, { state: 'draining' }],
      }),
      { state: 'steady', reason: '2 of 2 tasks healthy' },
    ],
    [
      'deploying, with the new target the load balancer refuses in the reason',
      facts({
        service: service({
          deployments: [
            deployment({ taskDefinition: ref('web', 3), rolloutState: 'IN_PROGRESS', desired: 1 }),
            deployment({ status: 'ACTIVE' }),
          ],
        }),
        tasks: [task('n', { taskDefinition: ref('web', 3), healthStatus: 'UNKNOWN' }), task('a')],
        targets: [{ state: 'healthy' }, { state: 'unhealthy' }],
      }),
      {
        state: 'deploying',
        reason: 'Deploying web:3: 0 of 1 new tasks healthy; 1 of 2 load balancer targets unhealthy',
        progress: { done: 0, of: 1 },
      },
    ],
    [
      'unknown: a draining service',
      facts({ service: service({ status: 'DRAINING' }) }),
      { state: 'unknown', reason: 'draining: the service is being deleted' },
    ],
    [
      'unknown: an inactive service',
      facts({ service: service({ status: 'INACTIVE' }) }),
      { state: 'unknown', reason: 'the service is inactive' },
    ],
    [
      'unknown: deployments without a PRIMARY',
      facts({
        service: service({
          deployments: [deployment({ status: 'ACTIVE' }), deployment({ status: 'ACTIVE' })],
        }),
      }),
      { state: 'unknown', reason: 'several deployments and none is PRIMARY' },
    ],
  ])('%s', (_, input, expected) => {
    expect(serviceState(input)).toEqual(expected);
  });

  it('covers every state', () => {
    const seen = new Set<ServiceStateName>([
      'steady',
      'deploying',
      'rolling-back',
      'failed',
      'crash-looping',
      'degraded',
      'scaling',
      'unknown',
    ]);
    expect([...SERVICE_STATES].sort()).toEqual([...seen].sort());
  });
});

describe('the failed container', () => {
  const twoExits = task('t', {
    taskDefinition: ref('web', 2),
    containers: [
      {
        name: 'xray',
        image: 'x',
        lastStatus: 'STOPPED',
        healthStatus: 'UNKNOWN',
        exitCode: 2,
        execAgentRunning: false,
      },
      {
        name: 'web',
        image: 'x',
        lastStatus: 'STOPPED',
        healthStatus: 'UNKNOWN',
        exitCode: 1,
        reason: 'OutOfMemoryError: Container killed due to memory usage',
        execAgentRunning: false,
      },
    ],
    stopCode: 'EssentialContainerExited',
  });

  it('is the essential one when the definition is the task’s, else the first that exited badly', () => {
    expect(failedContainer(twoExits, checked)?.name).toBe('web');
    expect(failedContainer(twoExits, { ...checked, ...ref('web', 9) })?.name).toBe('xray');
    expect(failedContainer(twoExits)?.name).toBe('xray');
    expect(crashReason(twoExits, checked)).toBe(
      'web exited with code 1 (OutOfMemoryError: Container killed due to memory usage)',
    );
  });

  it('falls back to the stopped reason for a task that never started', () => {
    const never = task('t', {
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
      containers: [],
    });
    expect(failedContainer(never)).toBeUndefined();
    expect(crashReason(never)).toBe(
      'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
    );
  });
});

describe('clusterState', () => {
  const named = (service: string, state: ServiceStateName) => ({ service, state, reason: '' });

  it('names the services that are not steady, worst first', () => {
    expect(
      clusterState([
        named('frontend', 'steady'),
        named('worker', 'crash-looping'),
        named('backend', 'failed'),
        named('api', 'scaling'),
      ]),
    ).toEqual({
      state: 'failed',
      reason: '3 of 4 services not steady: backend (failed), worker (crash-looping), api (scaling)',
      notSteady: [
        named('backend', 'failed'),
        named('worker', 'crash-looping'),
        named('api', 'scaling'),
      ],
    });
  });

  it('is steady when all are, and says when there are none', () => {
    expect(clusterState([named('a', 'steady'), named('b', 'steady')])).toEqual({
      state: 'steady',
      reason: '2 of 2 services steady',
      notSteady: [],
    });
    expect(clusterState([])).toEqual({ state: 'steady', reason: 'no services', notSteady: [] });
  });

  // Worst first, written out independently of SERVICE_STATES.
  const ORDER: ServiceStateName[] = [
    'failed',
    'crash-looping',
    'rolling-back',
    'degraded',
    'unknown',
    'deploying',
    'scaling',
  ];
  it.each(ORDER.flatMap((worse, i) => ORDER.slice(i + 1).map((better) => [worse, better])))(
    '%s outranks %s',
    (worse, better) => {
      const states = [named('b', better), named('w', worse)];
      expect(clusterState(states).state).toBe(worse);
    },
  );
});

describe('edges the situations table leaves open', () => {
  const exit = (code: number | undefined) => ({
    name: 'web',
    image: 'x',
    lastStatus: 'STOPPED',
    healthStatus: 'UNKNOWN' as const,
    exitCode: code,
    execAgentRunning: false,
  });

  it('counts a crash only for a task that never started or whose container exited badly', () => {
    expect(crashed(task('a', { stopCode: 'TaskFailedToStart', containers: [] }))).toBe(true);
    expect(crashed(stopped('b', 1, 1))).toBe(true);
    expect(crashed(stopped('c', 1, 0))).toBe(false);
    expect(crashed(task('d', { stopCode: 'UserInitiated', containers: [exit(1)] }))).toBe(false);
    expect(
      crashed(task('e', { stopCode: 'EssentialContainerExited', containers: [exit(undefined)] })),
    ).toBe(false);
  });

  it('words a stop with no container to blame by its reason, code, or "stopped"', () => {
    expect(crashReason(task('a', { stopCode: 'SpotInterruption', containers: [] }))).toBe(
      'SpotInterruption',
    );
    expect(crashReason(task('b', { containers: [] }))).toBe('stopped');
  });

  it.each<[string, ServiceFacts, string]>([
    [
      'a rollback that failed, without a reason',
      facts({
        history: [record({ status: 'ROLLBACK_FAILED', taskDefinition: ref('web', 3) })],
      }),
      'Deployment of web:3 failed and could not be rolled back: no reason given',
    ],
    [
      'a rollback, with nothing counted and no reason',
      facts({
        history: [record({ status: 'ROLLBACK_SUCCESSFUL', taskDefinition: ref('web', 3) })],
      }),
      'Deployment of web:3 failed: it was rolled back; running web:2',
    ],
    [
      'a failed deployment, without a reason',
      facts({
        service: service({ deployments: [deployment({ rolloutState: 'FAILED' })] }),
      }),
      'Deployment of web:2 failed: the circuit breaker stopped it',
    ],
    [
      'a failed deployment beside the primary, without history or a reason',
      facts({
        history: undefined,
        service: service({
          deployments: [
            deployment({ rolloutState: 'IN_PROGRESS' }),
            deployment({
              status: 'ACTIVE',
              taskDefinition: ref('web', 3),
              rolloutState: 'FAILED',
            }),
          ],
        }),
      }),
      'Rolling back from web:3 to web:2: the deployment failed',
    ],
  ])('says what it knows of %s', (_, given, reason) => {
    expect(serviceState(given).reason).toBe(reason);
  });

  it('reads a requested rollback as rolling back, naming what it does not know', () => {
    expect(
      serviceState(
        facts({
          history: [
            record({ status: 'ROLLBACK_REQUESTED', taskDefinition: undefined, createdAt: NOW }),
          ],
        }),
      ),
    ).toEqual({
      state: 'rolling-back',
      reason: 'Rolling back from an unknown revision to an unknown revision: the deployment failed',
      at: NOW,
    });
  });

  it('takes the newest history record whatever its place, and leaves the list as it was', () => {
    const history = [
      record(),
      rolledBack,
      record({ status: 'ROLLBACK_IN_PROGRESS', createdAt: NOW }),
    ];
    const order = history.map((r) => r.status);
    expect(serviceState(facts({ history })).state).toBe('rolling-back');
    expect(serviceState(facts({ history: [...history].reverse() })).state).toBe('rolling-back');
    expect(history.map((r) => r.status)).toEqual(order);
  });

  it('counts a provisioning task as starting', () => {
    expect(
      serviceState(
        facts({
          service: service({ desired: 2, running: 1 }),
          tasks: [task('a'), task('b', { lastStatus: 'PROVISIONING' })],
        }),
      ),
    ).toEqual({ state: 'scaling', reason: '1 of 2 tasks running, 1 starting' });
  });

  it('is not "scaled to zero" while a task still runs (and says "1 task", not "1 tasks")', () => {
    expect(
      serviceState(facts({ service: service({ desired: 0, running: 1 }), tasks: [task('a')] })),
    ).toEqual({ state: 'scaling', reason: '1 task running, 0 desired: stopping 1' });
  });
});
