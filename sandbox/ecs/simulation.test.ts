/**
 * The service scheduler (simulation.ts) on a real in-process world, its clock moved by hand:
 * how many tasks a rolling deployment starts and stops within maximumPercent and
 * minimumHealthyPercent, scale-in, completion and the steady-state event, an old deployment
 * leaving the list, a deleted service draining, and the clock's own bounds.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addLoadBalancer, addTargetGroup } from '../elbv2/load-balancing.js';
import { registerApp, worldWithService } from '../tests/in-process-world.js';
import type { World } from '../world.js';
import type { Service, Task } from './model.js';
import { deleteService, updateService } from './services.js';
import { advance, deploymentCounts } from './simulation.js';
import { stopTask } from './task-lifecycle.js';

const T0 = Date.parse('2026-12-05T10:00:00Z');
let world: World;
let service: Service;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

function setup(minimumHealthyPercent: number, maximumPercent: number, desiredCount: number) {
  ({ world, service } = worldWithService({ minimumHealthyPercent, maximumPercent }, desiredCount));
}

/** Moves the clock `seconds` on (the sandbox runs at speed 1 here) and lets ECS catch up. */
function runFor(seconds: number) {
  for (let s = 0; s < seconds; s++) {
    vi.setSystemTime(Date.now() + 1000);
    advance(world);
  }
}

const tasksOf = (revision: number, predicate: (task: Task) => boolean = () => true) =>
  [...world.tasks.values()].filter(
    (task) => task.taskDefinition.revision === revision && predicate(task),
  );
const live = (task: Task) => task.desiredStatus === 'RUNNING' && task.lastStatus !== 'STOPPED';
const running = (task: Task) => live(task) && task.lastStatus === 'RUNNING';
const messages = () => service.events.map((event) => event.message);

/** Runs until every task of the first deployment runs. */
function settle() {
  runFor(60);
  expect(tasksOf(1, running)).toHaveLength(service.desiredCount);
}

describe('the first deployment', () => {
  it('starts the desired count in one round, one event naming every task', () => {
    setup(100, 200, 3);
    runFor(1);
    const started = tasksOf(1);
    expect(started.map((task) => task.lastStatus)).toEqual([
      'PROVISIONING',
      'PROVISIONING',
      'PROVISIONING',
    ]);
    expect(messages()).toEqual([
      `(service svc) has started 3 tasks: ${started.map((t) => `(task ${t.id})`).join(' ')}.`,
    ]);
    expect(started.map((task) => [task.group, task.startedBy])).toEqual(
      Array(3).fill(['service:svc', service.deployments[0]!.id]),
    );
    expect(service.steady).toBe(false);
  });

  it('completes once every task runs: the rollout, then one steady-state event', () => {
    setup(100, 200, 2);
    const primary = service.deployments[0]!;
    runFor(2);
    // Started is not done: the tasks are still being provisioned.
    expect([primary.rolloutState, service.steady]).toEqual(['IN_PROGRESS', false]);
    settle();
    expect([primary.rolloutState, primary.rolloutStateReason]).toEqual([
      'COMPLETED',
      `ECS deployment ${primary.id} completed.`,
    ]);
    expect(messages().slice(0, 2)).toEqual([
      '(service svc) has reached a steady state.',
      `(service svc) (deployment ${primary.id}) deployment completed.`,
    ]);
    expect(service.steady).toBe(true);
    const completedAt = primary.updatedAt;
    runFor(30);
    // Nothing moves, so nothing more is said and the completion keeps its time.
    expect(messages().filter((m) => m.endsWith('steady state.'))).toHaveLength(1);
    expect(primary.updatedAt).toBe(completedAt);
  });
});

/** Settles app:1, deploys app:2 and runs the scheduler's first round of the rollout. */
function rollToSecondRevision() {
  settle();
  updateService(world, { cluster: 'c', service: 'svc', taskDefinition: 'app:2' });
  runFor(1);
}

describe('a rolling deployment', () => {
  it("counts each deployment's own tasks: the new one pending, the old one running", () => {
    setup(50, 150, 4);
    rollToSecondRevision();
    const [next, old] = service.deployments;
    expect([deploymentCounts(world, next!), deploymentCounts(world, old!)]).toEqual([
      { running: 0, pending: 2 },
      { running: 2, pending: 0 },
    ]);
  });

  it('within maximumPercent 150 and minimumHealthyPercent 50 of 4: 2 new, 2 old stopped at once', () => {
    setup(50, 150, 4);
    rollToSecondRevision();
    // 6 tasks at most (150 % of 4): 2 new; 2 running (50 % of 4) are enough, so 2 old stop.
    expect(tasksOf(2, live)).toHaveLength(2);
    expect(tasksOf(1, live)).toHaveLength(2);
    const stopping = tasksOf(1, (task) => task.desiredStatus === 'STOPPED');
    expect(stopping.map((task) => [task.stopCode, task.stoppedReason, task.failed])).toEqual(
      Array(2).fill([
        'ServiceSchedulerInitiated',
        `Scaling activity initiated by (deployment ${service.deployments[0]!.id})`,
        false,
      ]),
    );
    expect(service.deployments.map((d) => d.taskDefinition.revision)).toEqual([2, 1]);
  });

  it('rounds maximumPercent down and minimumHealthyPercent up (150 % and 50 % of 3)', () => {
    setup(50, 150, 3);
    rollToSecondRevision();
    // At most 4 tasks (4.5 down): 1 new; at least 2 healthy (1.5 up): 1 old stops.
    expect([tasksOf(2, live).length, tasksOf(1, live).length]).toEqual([1, 2]);
  });

  it('with minimumHealthyPercent 100 keeps every old task until new ones are healthy', () => {
    setup(100, 200, 2);
    rollToSecondRevision();
    expect([tasksOf(2, live).length, tasksOf(1, live).length]).toEqual([2, 2]);
    runFor(5);
    expect(tasksOf(1, live)).toHaveLength(2);
    runFor(60);
    expect([tasksOf(2, running).length, tasksOf(1, live).length]).toEqual([2, 0]);
  });

  it('with maximumPercent 100 starts nothing new until an old task has stopped', () => {
    setup(50, 100, 2);
    rollToSecondRevision();
    // No room above 2: one old task stops (50 % of 2 stays), the new one waits for its place.
    expect([tasksOf(2, live).length, tasksOf(1, live).length]).toEqual([0, 1]);
    runFor(1);
    expect([tasksOf(2, live).length, tasksOf(1, live).length]).toEqual([1, 1]);
  });

  it('with maximumPercent 100 and minimumHealthyPercent 50 of 4 holds both bounds every second', () => {
    setup(50, 100, 4);
    settle();
    updateService(world, { cluster: 'c', service: 'svc', taskDefinition: 'app:2' });
    const [next] = service.deployments;
    for (let s = 0; s < 180 && next!.rolloutState !== 'COMPLETED'; s++) {
      runFor(1);
      // At most 4 meant to run (100 % of 4), and at least 2 of them running (50 % of 4).
      expect(tasksOf(1, live).length + tasksOf(2, live).length).toBeLessThanOrEqual(4);
      expect(tasksOf(1, running).length + tasksOf(2, running).length).toBeGreaterThanOrEqual(2);
    }
    expect([next!.rolloutState, tasksOf(2, running).length, tasksOf(1, live).length]).toEqual([
      'COMPLETED',
      4,
      0,
    ]);
  });

  it("stops the old deployment's pending tasks at once and keeps the running ones minimumHealthyPercent needs", () => {
    setup(50, 200, 2);
    settle();
    updateService(world, { cluster: 'c', service: 'svc', desiredCount: 4 });
    runFor(1);
    updateService(world, { cluster: 'c', service: 'svc', taskDefinition: 'app:2' });
    runFor(1);
    // 2 of 4 must stay healthy: both running old tasks stay; the 2 still starting stop.
    expect(tasksOf(1, running)).toHaveLength(2);
    expect(tasksOf(1, (task) => task.desiredStatus === 'STOPPED' && !task.startedAt)).toHaveLength(
      2,
    );
    // Tasks that never ran are not in a "has stopped N running tasks" event.
    expect(messages().filter((message) => message.includes('has stopped'))).toEqual([]);
  });

  it('drops the old deployment once its last task has stopped, and completes the new one', () => {
    setup(100, 200, 2);
    settle();
    updateService(world, { cluster: 'c', service: 'svc', taskDefinition: 'app:2' });
    const [next] = service.deployments;
    runFor(120);
    expect(service.deployments).toEqual([next]);
    expect(next!.rolloutState).toBe('COMPLETED');
    // Both old tasks, and only they, were stopped by the new deployment's scaling.
    expect(tasksOf(1).map((task) => [task.lastStatus, task.stoppedReason])).toEqual(
      Array(2).fill(['STOPPED', `Scaling activity initiated by (deployment ${next!.id})`]),
    );
  });
});

/** Registers app:3 on `image`, its container checked every 5 s and unhealthy at 2 failures. */
function registerChecked(image: string) {
  const healthCheck = { command: ['CMD-SHELL', 'exit 0'], interval: 5, retries: 2, startPeriod: 0 };
  registerApp(world, [{ name: 'app', image, essential: true, healthCheck }]);
}

describe('health', () => {
  it('replaces a task whose container checks fail, as a failure the breaker counts', () => {
    setup(0, 100, 1);
    settle();
    registerChecked('app:unhealthy');
    updateService(world, { cluster: 'c', service: 'svc', taskDefinition: 'app:3' });
    let failing: Task | undefined;
    for (let s = 0; s < 120 && !failing; s++) {
      runFor(1);
      failing = tasksOf(3, (task) => task.desiredStatus === 'STOPPED')[0];
    }
    expect([failing?.stopCode, failing?.stoppedReason, failing?.failed]).toEqual([
      'ServiceSchedulerInitiated',
      'Task failed container health checks',
      true,
    ]);
    // ECS starts its replacement in the same round.
    const replacements = tasksOf(3, live);
    expect(replacements).toHaveLength(1);
    expect(messages().slice(0, 3)).toEqual([
      `(service svc) has started 1 tasks: (task ${replacements[0]!.id}).`,
      `(service svc) has stopped 1 running tasks: (task ${failing!.id}).`,
      `(service svc) (task ${failing!.id}) failed container health checks.`,
    ]);
    expect(service.deployments[0]!.failedTasks).toBe(1);
  });

  it("replaces a task whose target fails the load balancer's checks, once however many groups report it", () => {
    setup(0, 100, 0);
    const lb = addLoadBalancer(world, 'cruddur-alb');
    const groups = ['backend', 'backend-internal'].map((name) =>
      addTargetGroup(world, lb, { name, port: 4567, healthCheckPath: '/api/health-check' }),
    );
    // No container health check: only the load balancer finds it unhealthy.
    registerApp(world, [{ name: 'app', image: 'app:unhealthy', essential: true }]);
    updateService(world, {
      cluster: 'c',
      service: 'svc',
      taskDefinition: 'app:3',
      desiredCount: 1,
      loadBalancers: groups.map((group) => ({
        targetGroupArn: group.arn,
        containerName: 'app',
        containerPort: 4567,
      })),
    });
    let failing: Task | undefined;
    for (let s = 0; s < 180 && !failing; s++) {
      runFor(1);
      failing = tasksOf(3, (task) => task.desiredStatus === 'STOPPED')[0];
    }
    const where = `(target-group ${groups[0]!.arn})`;
    expect([failing?.stopCode, failing?.stoppedReason, failing?.failed]).toEqual([
      'ServiceSchedulerInitiated',
      `Task failed ELB health checks in ${where}`,
      true,
    ]);
    expect(messages().slice(0, 2)).toEqual([
      `(service svc) has stopped 1 running tasks: (task ${failing!.id}).`,
      `(service svc) (task ${failing!.id}) failed ELB health checks in ${where}.`,
    ]);
    expect(
      messages().filter((message) => message.includes(`(task ${failing!.id}) failed ELB`)),
    ).toHaveLength(1);
    expect(service.deployments[0]!.failedTasks).toBe(1);
  });

  it('a first healthy task clears the failures counted before it', () => {
    setup(100, 200, 1);
    const primary = service.deployments[0]!;
    primary.failedTasks = 2;
    settle();
    expect([primary.hadSuccess, primary.failedTasks]).toEqual([true, 0]);
  });

  it('after the breaker failed a deployment without rollback, starts no more of its tasks', () => {
    ({ world, service } = worldWithService(
      { deploymentCircuitBreaker: { enable: true, rollback: false } },
      1,
    ));
    settle();
    registerChecked('app:crash');
    updateService(world, { cluster: 'c', service: 'svc', taskDefinition: 'app:3' });
    const deployment = service.deployments[0]!;
    for (let s = 0; s < 600 && deployment.rolloutState !== 'FAILED'; s++) runFor(1);
    expect(deployment.rolloutState).toBe('FAILED');
    const launched = tasksOf(3).length;
    runFor(120);
    expect(tasksOf(3)).toHaveLength(launched);
    expect(tasksOf(3, live)).toEqual([]);
  });
});

describe('tags', () => {
  it("copies the service's tags to its tasks with propagateTags SERVICE, and none otherwise", () => {
    setup(100, 200, 1);
    service.tags = [{ key: 'team', value: 'cruddur' }];
    runFor(1);
    expect(tasksOf(1)[0]?.tags).toEqual([]);
    service.propagateTags = 'SERVICE';
    updateService(world, { cluster: 'c', service: 'svc', desiredCount: 2 });
    runFor(1);
    const [, second] = tasksOf(1);
    expect(second?.tags).toEqual([{ key: 'team', value: 'cruddur' }]);
    // A copy: retagging the service later does not reach a running task.
    service.tags[0]!.value = 'other';
    expect(second?.tags).toEqual([{ key: 'team', value: 'cruddur' }]);
  });
});

describe('scaling out', () => {
  it('is no longer steady while the new tasks start, and says steady again once they run', () => {
    setup(100, 200, 1);
    settle();
    expect(service.steady).toBe(true);
    updateService(world, { cluster: 'c', service: 'svc', desiredCount: 2 });
    runFor(1);
    expect(service.steady).toBe(false);
    runFor(60);
    expect(messages().filter((m) => m.endsWith('steady state.'))).toHaveLength(2);
  });
});

describe('a task stopped by hand', () => {
  it('is replaced; the service is not steady until the replacement runs, then says so again', () => {
    setup(100, 200, 1);
    settle();
    const [first] = tasksOf(1);
    stopTask(world, first!, 'UserInitiated', 'Stopped from Berth');
    runFor(1);
    expect([service.steady, tasksOf(1, live).length]).toEqual([false, 1]);
    runFor(60);
    expect(service.steady).toBe(true);
    expect(messages().filter((m) => m.endsWith('steady state.'))).toHaveLength(2);
  });
});

describe('scaling in', () => {
  it('stops the surplus, pending tasks before running ones, and says so', () => {
    setup(100, 200, 2);
    settle();
    updateService(world, { cluster: 'c', service: 'svc', desiredCount: 4 });
    runFor(1);
    const pending = tasksOf(1, (task) => task.lastStatus === 'PROVISIONING');
    expect(pending).toHaveLength(2);
    updateService(world, { cluster: 'c', service: 'svc', desiredCount: 2 });
    runFor(1);
    expect(pending.map((task) => task.desiredStatus)).toEqual(['STOPPED', 'STOPPED']);
    expect(tasksOf(1, running)).toHaveLength(2);
    expect(messages()[0]).toBe(
      `(service svc) has stopped 2 running tasks: ${pending.map((t) => `(task ${t.id})`).join(' ')}.`,
    );
    // Steady again once they have stopped, though ECS keeps them an hour.
    runFor(30);
    expect([service.steady, messages()[0]]).toEqual([
      true,
      '(service svc) has reached a steady state.',
    ]);
  });
});

describe('a deleted service', () => {
  it('stops its tasks, then becomes INACTIVE with no deployments', () => {
    setup(100, 200, 2);
    settle();
    deleteService(world, { cluster: 'c', service: 'svc', force: true });
    runFor(1);
    expect(tasksOf(1, (task) => task.desiredStatus === 'STOPPED')).toHaveLength(2);
    expect(service.status).toBe('DRAINING');
    // DRAINING until its last task has stopped, not its first.
    for (let s = 0; s < 30 && service.status === 'DRAINING'; s++) {
      expect(tasksOf(1, (task) => task.lastStatus !== 'STOPPED')).not.toEqual([]);
      runFor(1);
    }
    expect([service.status, service.deployments]).toEqual(['INACTIVE', []]);
    expect(tasksOf(1).map((task) => task.lastStatus)).toEqual(['STOPPED', 'STOPPED']);
    // One event for the stop, not one a second while they drain.
    expect(messages().filter((message) => message.includes('has stopped'))).toEqual([
      `(service svc) has stopped 2 running tasks: ${tasksOf(1)
        .map((task) => `(task ${task.id})`)
        .join(' ')}.`,
    ]);
  });
});

describe('deploymentCounts', () => {
  it('counts running and pending tasks that are meant to run, not stopping ones', () => {
    setup(100, 200, 3);
    runFor(1);
    const deployment = service.deployments[0]!;
    expect(deploymentCounts(world, deployment)).toEqual({ running: 0, pending: 3 });
    settle();
    expect(deploymentCounts(world, deployment)).toEqual({ running: 3, pending: 0 });
    updateService(world, { cluster: 'c', service: 'svc', desiredCount: 1 });
    runFor(1);
    expect(deploymentCounts(world, deployment)).toEqual({ running: 1, pending: 0 });
  });
});

describe('advance', () => {
  it('does nothing while paused', () => {
    setup(100, 200, 2);
    world.paused = true;
    runFor(30);
    expect(world.tasks.size).toBe(0);
    expect(world.simulatedUntil).toBe(T0);
  });

  it('catches up a minute it was not called in one call, a second at a time', () => {
    setup(100, 200, 1);
    vi.setSystemTime(T0 + 60_000);
    advance(world);
    // The scheduler's first round ran at the first simulated second, not at the minute's end.
    expect(service.events.map((event) => [event.createdAt, event.message])).toEqual([
      [T0 + 1000, `(service svc) has started 1 tasks: (task ${tasksOf(1)[0]!.id}).`],
    ]);
    expect(world.simulatedUntil).toBe(T0 + 60_000);
  });

  it("walks a stopping task through the minute it was not called in, at each step's time", () => {
    setup(100, 200, 1);
    settle();
    const [task] = tasksOf(1);
    const stoppedBy = Date.now();
    stopTask(world, task!, 'UserInitiated', 'Task stopped by user');
    vi.setSystemTime(stoppedBy + 60_000);
    advance(world);
    // DEACTIVATING 1–3 s, STOPPING 2–5 s, DEPROVISIONING 2–4 s, each at its own time.
    expect(task!.lastStatus).toBe('STOPPED');
    expect(task!.stoppedAt! - stoppedBy).toBeGreaterThanOrEqual(5000);
    expect(task!.stoppedAt! - stoppedBy).toBeLessThanOrEqual(12_000);
  });

  it('forgets a task an hour after it stopped, whatever the pause', () => {
    setup(100, 200, 1);
    settle();
    const [first] = tasksOf(1);
    deleteService(world, { cluster: 'c', service: 'svc', force: true });
    runFor(30);
    expect(first!.lastStatus).toBe('STOPPED');
    // Simulated times fall between milliseconds; the clock does not.
    const hourOn = Math.ceil(first!.stoppedAt! + 3_600_000);
    vi.setSystemTime(hourOn - 1000);
    advance(world);
    expect(world.tasks.has(first!.arn)).toBe(true);
    vi.setSystemTime(hourOn);
    advance(world);
    expect(world.tasks.has(first!.arn)).toBe(false);
    expect(world.simulatedUntil).toBe(hourOn);
  });
});
