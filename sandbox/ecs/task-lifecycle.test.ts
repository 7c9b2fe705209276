/**
 * A Fargate task's life (task-lifecycle.ts) on a real in-process world, one transition at a
 * time: what a launch sets, the path from PROVISIONING to RUNNING and from a stop to STOPPED,
 * tasks that fail to start (an image that is not there, a log group that is not there) and
 * containers that end on their own (crash, out of memory).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerApp, worldWithService } from '../tests/in-process-world.js';
import type { JsonObject } from '../wire.js';
import type { World } from '../world.js';
import type { Deployment, Service, Task } from './model.js';
import {
  advanceTask,
  isLive,
  isPending,
  launchTask,
  OOM_AFTER_SECONDS,
  runContainers,
  stopTask,
} from './task-lifecycle.js';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const PREFIX = 'arn:aws:ecs:us-east-1:123456789012';
let world: World;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  ({ world } = worldWithService({}, 0));
});
afterEach(() => vi.useRealTimers());

const register = (containers: JsonObject[]) => registerApp(world, containers);

function launch(revision = 1, networkConfiguration?: JsonObject): Task {
  return launchTask(world, {
    cluster: world.cluster('c'),
    definition: world.taskDefinitions.get('app')![revision - 1]!,
    group: 'family:app',
    enableExecuteCommand: false,
    networkConfiguration,
  });
}

/** Advances the task through each transition until `status` (or 20 transitions). */
function until(task: Task, status: string) {
  for (let i = 0; i < 20 && task.lastStatus !== status; i++) {
    const at = task.nextTransitionAt;
    vi.setSystemTime(Math.ceil(at));
    advanceTask(world, task, at);
  }
  expect(task.lastStatus).toBe(status);
}

/** The real-time gap the task waits in its current state (speed 1: simulated ms). */
const wait = (task: Task, from: number) => task.nextTransitionAt - from;

/** A random delay drawn within its bounds, both inclusive. */
function expectBetween(milliseconds: number, least: number, most: number) {
  expect(milliseconds).toBeGreaterThanOrEqual(least);
  expect(milliseconds).toBeLessThanOrEqual(most);
}

/** A container definition that logs with awslogs (stream prefix `app`) and these options. */
function awslogs(
  options: Record<string, string>,
  container: JsonObject = { name: 'app', image: 'app:1', essential: true },
): JsonObject {
  return {
    ...container,
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'app', ...options },
    },
  };
}

describe('launchTask', () => {
  it('starts PROVISIONING, meant to run, in the first subnet of its network configuration', () => {
    const task = launch(1, { awsvpcConfiguration: { subnets: ['subnet-9', 'subnet-8'] } });
    expect(task).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      group: 'family:app',
      createdAt: T0,
      version: 1,
      tags: [],
      failed: false,
      failureCounted: false,
    });
    expect(task.arn).toBe(`${PREFIX}:task/c/${task.id}`);
    expect(task.id).toMatch(/^[0-9a-f]{32}$/);
    expect(task.eni.subnetId).toBe('subnet-9');
    expect(task.eni.id).toMatch(/^eni-0[0-9a-f]{16}$/);
    expect(task.eni.privateIp).toMatch(/^10\.0\.236\.\d{1,3}$/);
    expect(task.eni.mac).toMatch(/^0a(:[0-9a-f]{2}){5}$/);
    expect(task.availabilityZone).toBe('us-east-1c');
    expectBetween(wait(task, T0), 3000, 6000);
    const [container] = task.containers;
    expect(container).toMatchObject({
      name: 'app',
      image: 'app:1',
      lastStatus: 'PENDING',
      healthStatus: 'UNKNOWN',
      essential: true,
      behaviour: 'healthy',
      consecutiveHealthFailures: 0,
      managedProxy: false,
    });
    expect(container?.runtimeId).toMatch(new RegExp(`^${task.id}-[0-9a-f]{10}$`));
    expect(container?.containerArn).toMatch(
      new RegExp(`^${PREFIX}:container/c/${task.id}/[0-9a-f-]{36}$`),
    );
    expect([isLive(task), isPending(task)]).toEqual([true, true]);
  });

  it('without a network configuration takes the default subnet', () => {
    expect(launch().eni.subnetId).toBe('subnet-0a1b2c3d4e5f60718');
    expect(launch(1, { awsvpcConfiguration: { subnets: [] } }).eni.subnetId).toBe(
      'subnet-0a1b2c3d4e5f60718',
    );
  });

  it("takes each container's behaviour from the sandbox's image marks, else from its tag", () => {
    register([
      { name: 'a', image: 'app:1', essential: true },
      { name: 'b', image: 'app:crash', essential: false },
      { name: 'c', image: 'app:oom-leak', essential: false },
    ]);
    world.imageBehaviours.set('app:1', 'unhealthy');
    expect(launch(3).containers.map((c) => [c.name, c.behaviour, c.essential])).toEqual([
      ['a', 'unhealthy', true],
      ['b', 'crash', false],
      ['c', 'oom', false],
    ]);
  });

  it('carries the tags it is given and runs the digests its deployment pinned', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const task = launchTask(world, {
      cluster: world.cluster('c'),
      definition: world.taskDefinitions.get('app')![0]!,
      group: 'service:svc',
      enableExecuteCommand: true,
      deployment: { id: 'ecs-svc/1', imageDigests: { app: digest } } as unknown as Deployment,
      tags: [{ key: 'team', value: 'cruddur' }],
    });
    expect([task.tags, task.deploymentId, task.enableExecuteCommand]).toEqual([
      [{ key: 'team', value: 'cruddur' }],
      'ecs-svc/1',
      true,
    ]);
    until(task, 'ACTIVATING');
    expect(task.containers[0]?.imageDigest).toBe(digest);
  });

  it('adds the Service Connect agent to a task of a Service Connect service, checked every 5 s', () => {
    const task = launchTask(world, {
      cluster: world.cluster('c'),
      definition: world.taskDefinitions.get('app')![0]!,
      group: 'service:svc',
      enableExecuteCommand: false,
      service: { serviceConnect: { enabled: true } } as unknown as Service,
    });
    expect(task.containers.map((c) => c.name)).toEqual([
      'app',
      expect.stringMatching(/^ecs-service-connect-[0-9a-f]{6}$/),
    ]);
    expect(task.containers[1]).toMatchObject({
      image: 'public.ecr.aws/ecs/service-connect-agent:v1.29.10.0',
      lastStatus: 'PENDING',
      healthStatus: 'UNKNOWN',
      essential: true,
      behaviour: 'healthy',
      managedProxy: true,
    });
    expect(task.containers[1]?.containerArn).toMatch(
      new RegExp(`^${PREFIX}:container/c/${task.id}/[0-9a-f-]{36}$`),
    );
    expect(task.containers[1]?.runtimeId).toMatch(new RegExp(`^${task.id}-[0-9a-f]{10}$`));
    until(task, 'RUNNING');
    expect(task.containers.map((c) => c.nextHealthCheckAt)).toEqual([
      undefined,
      task.startedAt! + 5000,
    ]);
  });
});

describe('from PROVISIONING to RUNNING', () => {
  it('pulls (PENDING 5–10 s), activates (1–3 s), then runs every container', () => {
    const task = launch();
    until(task, 'PENDING');
    expect(isPending(task)).toBe(true);
    const pullStart = task.pullStartedAt!;
    expectBetween(pullStart - T0, 3000, 6000);
    expectBetween(wait(task, pullStart), 5000, 10_000);
    until(task, 'ACTIVATING');
    const pulled = task.pullStoppedAt!;
    expect(pulled - pullStart).toBeGreaterThanOrEqual(5000);
    expect(task.containers[0]?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expectBetween(wait(task, pulled), 1000, 3000);
    expect(isPending(task)).toBe(true);
    until(task, 'RUNNING');
    expect(task.connectivityAt).toBe(task.startedAt);
    expect(task.startedAt! - pulled).toBeGreaterThanOrEqual(1000);
    expect(task.nextTransitionAt).toBe(Number.POSITIVE_INFINITY);
    expect(task.containers.map((c) => [c.lastStatus, c.startedAt])).toEqual([
      ['RUNNING', task.startedAt],
    ]);
    // Its first log line after the startup lines comes 1–4 s in.
    expectBetween(task.containers[0]!.nextLogAt! - task.startedAt!, 1000, 4000);
    expect(task.version).toBe(4);
    expect([isLive(task), isPending(task)]).toEqual([true, false]);
  });

  it('fails to start when an ECR image is not there, naming the pull', () => {
    const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:missing';
    register([{ name: 'app', image, essential: true }]);
    const task = launch(3);
    until(task, 'DEPROVISIONING');
    const reason = `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: ${image}: not found`;
    expect([task.stopCode, task.stoppedReason, task.desiredStatus, task.failed]).toEqual([
      'TaskFailedToStart',
      reason,
      'STOPPED',
      true,
    ]);
    expect(task.containers.map((c) => [c.lastStatus, c.reason])).toEqual([['STOPPED', reason]]);
  });

  it('fails to start when its awslogs group is not there, as Fargate says', () => {
    register([awslogs({ 'awslogs-group': '/ecs/missing' })]);
    const task = launch(3);
    until(task, 'DEPROVISIONING');
    expect([task.stopCode, task.stoppedReason]).toEqual([
      'TaskFailedToStart',
      'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1',
    ]);
    expect(world.logs.groups.has('/ecs/missing')).toBe(false);
  });

  it('creates the group itself with awslogs-create-group "true"', () => {
    register([awslogs({ 'awslogs-group': '/ecs/made', 'awslogs-create-group': 'true' })]);
    const task = launch(3);
    until(task, 'RUNNING');
    expect(world.logs.groups.has('/ecs/made')).toBe(true);
  });
});

describe('stopping', () => {
  it('a running task: DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED, its containers exit 0', () => {
    const task = launch();
    until(task, 'RUNNING');
    const version = task.version;
    const at = Math.ceil(task.startedAt!) + 10_000;
    vi.setSystemTime(at);
    stopTask(world, task, 'UserInitiated', 'Stopped from Berth');
    expect([task.lastStatus, task.desiredStatus, task.stoppingAt, task.version]).toEqual([
      'DEACTIVATING',
      'STOPPED',
      at,
      version + 1,
    ]);
    expectBetween(wait(task, at), 1000, 3000);
    expect([isLive(task), task.failed]).toEqual([false, false]);
    until(task, 'STOPPING');
    until(task, 'DEPROVISIONING');
    expect(task.containers.map((c) => [c.lastStatus, c.exitCode])).toEqual([['STOPPED', 0]]);
    const executionStopped = task.executionStoppedAt!;
    until(task, 'STOPPED');
    expect(task.stoppedAt! - executionStopped).toBeGreaterThanOrEqual(2000);
    expect(task.executionStoppedAt).toBe(executionStopped);
    // Kept an hour for DescribeTasks.
    expect(task.nextTransitionAt - task.stoppedAt!).toBe(3_600_000);
    // A second stop changes nothing.
    stopTask(world, task, 'UserInitiated', 'again');
    expect([task.stoppedReason, task.lastStatus]).toEqual(['Stopped from Berth', 'STOPPED']);
  });

  it('a task pulling its images also goes straight to DEPROVISIONING', () => {
    const task = launch();
    until(task, 'PENDING');
    stopTask(world, task, 'UserInitiated', 'no longer needed');
    expect(task.lastStatus).toBe('DEPROVISIONING');
  });

  it('a task activating stops through STOPPING; its containers, never started, have no exit code', () => {
    const task = launch();
    until(task, 'ACTIVATING');
    stopTask(world, task, 'UserInitiated', 'no longer needed');
    expect(task.lastStatus).toBe('DEACTIVATING');
    until(task, 'DEPROVISIONING');
    expect(task.containers.map((c) => [c.lastStatus, c.exitCode])).toEqual([
      ['STOPPED', undefined],
    ]);
  });

  it("counts only a failed stop against its deployment's circuit breaker", () => {
    const service = world.services.get('c')!.get('svc')!;
    const [deployment] = service.deployments;
    const serviceTask = () =>
      launchTask(world, {
        cluster: world.cluster('c'),
        definition: world.taskDefinitions.get('app')![0]!,
        group: 'service:svc',
        enableExecuteCommand: false,
        service,
        deployment,
      });
    const scaledIn = serviceTask();
    stopTask(world, scaledIn, 'ServiceSchedulerInitiated', 'Scaling activity initiated');
    expect([scaledIn.failed, scaledIn.failureCounted, deployment!.failedTasks]).toEqual([
      false,
      false,
      0,
    ]);
    const crashed = serviceTask();
    stopTask(
      world,
      crashed,
      'EssentialContainerExited',
      'Essential container in task exited',
      true,
    );
    expect([crashed.failed, crashed.failureCounted, deployment!.failedTasks]).toEqual([
      true,
      true,
      1,
    ]);
  });

  it('a task still provisioning goes straight to DEPROVISIONING (2–4 s), then STOPPED', () => {
    const task = launch();
    stopTask(world, task, 'UserInitiated', 'no longer needed');
    expect(task.lastStatus).toBe('DEPROVISIONING');
    expectBetween(wait(task, T0), 2000, 4000);
    until(task, 'STOPPED');
    expect(task.executionStoppedAt).toBe(task.stoppedAt);
    expect(task.containers.map((c) => [c.lastStatus, c.exitCode])).toEqual([
      ['STOPPED', undefined],
    ]);
  });
});

describe('containers that end on their own', () => {
  /** Runs the task's containers up to `seconds` after it started. */
  const runUntil = (task: Task, seconds: number) =>
    runContainers(world, task, task.startedAt! + seconds * 1000);

  /** Every line the task's containers (or one of them) wrote to /ecs/app, oldest first. */
  const linesOf = (task: Task, container?: string) =>
    [...(world.logs.groups.get('/ecs/app')?.streams.values() ?? [])]
      .filter((stream) => stream.name.endsWith(`${container ?? ''}/${task.id}`))
      .flatMap((stream) => stream.events)
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((event) => event.message);

  const logged = (name: string, image: string, essential: boolean) =>
    awslogs(
      { 'awslogs-group': '/ecs/app', 'awslogs-create-group': 'true' },
      { name, image, essential },
    );

  it('a crashing container logs its traceback as it starts, then nothing more', () => {
    register([logged('backend-flask', 'backend-flask:crash', true)]);
    const task = launch(3);
    until(task, 'RUNNING');
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/backend-flask/app.py", line 7, in <module>',
      '    from services.home_activities import *',
      "ModuleNotFoundError: No module named 'services.home_activities'",
    ];
    expect(linesOf(task)).toEqual(traceback);
    expect(task.containers[0]?.nextLogAt).toBeUndefined();
    runUntil(task, 1.9);
    expect(linesOf(task)).toEqual(traceback);
    runUntil(task, 2);
    expect(linesOf(task)).toEqual(traceback);
  });

  it('a crashing container checked before it exits is never healthy', () => {
    register([
      {
        name: 'app',
        image: 'app:crash',
        essential: true,
        healthCheck: { command: ['CMD-SHELL', 'exit 0'], interval: 5, startPeriod: 1 },
      },
    ]);
    const task = launch(3);
    until(task, 'RUNNING');
    expect(task.containers[0]!.nextHealthCheckAt! - task.startedAt!).toBe(1000);
    runUntil(task, 1.5);
    expect(task.containers.map((c) => [c.lastStatus, c.healthStatus])).toEqual([
      ['RUNNING', 'UNKNOWN'],
    ]);
  });

  it("a leaking container's last lines are the worker timeout and the kill, written once", () => {
    register([logged('app', 'app:1', true), logged('worker', 'app:oom', false)]);
    const task = launch(3);
    until(task, 'RUNNING');
    runUntil(task, OOM_AFTER_SECONDS);
    const killed = ['[CRITICAL] WORKER TIMEOUT', 'Killed'];
    const workerLines = () => linesOf(task, 'worker');
    expect(workerLines().slice(-2)).toEqual(killed);
    runUntil(task, OOM_AFTER_SECONDS + 30);
    expect(workerLines().slice(-2)).toEqual(killed);
    expect(workerLines().filter((line) => line === 'Killed')).toHaveLength(1);
    expect(task.containers.map((c) => [c.name, c.lastStatus, c.exitCode])).toEqual([
      ['app', 'RUNNING', undefined],
      ['worker', 'STOPPED', 137],
    ]);
  });

  it('an essential container that crashes exits 1 after 2 s and stops its task, as a failure', () => {
    register([{ name: 'app', image: 'app:crash', essential: true }]);
    const task = launch(3);
    until(task, 'RUNNING');
    runUntil(task, 1.9);
    expect(task.containers[0]?.lastStatus).toBe('RUNNING');
    runUntil(task, 2);
    expect(task.containers.map((c) => [c.lastStatus, c.exitCode, c.reason])).toEqual([
      ['STOPPED', 1, undefined],
    ]);
    expect([task.stopCode, task.stoppedReason, task.failed]).toEqual([
      'EssentialContainerExited',
      'Essential container in task exited',
      true,
    ]);
  });

  it('a non-essential one that crashes leaves its task running', () => {
    register([
      { name: 'app', image: 'app:1', essential: true },
      { name: 'sidecar', image: 'app:crash', essential: false },
    ]);
    const task = launch(3);
    until(task, 'RUNNING');
    runUntil(task, 2);
    expect(task.containers.map((c) => [c.name, c.lastStatus, c.exitCode])).toEqual([
      ['app', 'RUNNING', undefined],
      ['sidecar', 'STOPPED', 1],
    ]);
    expect([task.desiredStatus, task.lastStatus]).toEqual(['RUNNING', 'RUNNING']);
  });

  it('a leaking one is killed at its memory limit: 137, OutOfMemoryError', () => {
    register([{ name: 'app', image: 'app:oom', essential: true }]);
    const task = launch(3);
    until(task, 'RUNNING');
    runUntil(task, OOM_AFTER_SECONDS - 1);
    expect(task.containers[0]?.lastStatus).toBe('RUNNING');
    runUntil(task, OOM_AFTER_SECONDS);
    expect(task.containers.map((c) => [c.lastStatus, c.exitCode, c.reason])).toEqual([
      ['STOPPED', 137, 'OutOfMemoryError: Container killed due to memory usage'],
    ]);
    expect(task.stopCode).toBe('EssentialContainerExited');
  });

  it('nothing runs in a task asked to stop', () => {
    register([{ name: 'app', image: 'app:crash', essential: true }]);
    const task = launch(3);
    until(task, 'RUNNING');
    stopTask(world, task, 'UserInitiated', 'bye');
    runUntil(task, 5);
    expect(task.containers.map((c) => [c.lastStatus, c.exitCode])).toEqual([
      ['RUNNING', undefined],
    ]);
  });
});

describe('health checks', () => {
  it('a container with a check is first checked at its start period, if shorter than the interval', () => {
    register([
      {
        name: 'app',
        image: 'app:1',
        essential: true,
        healthCheck: { command: ['CMD-SHELL', 'exit 0'], interval: 30, startPeriod: 10 },
      },
      {
        name: 'other',
        image: 'app:1',
        essential: false,
        healthCheck: { command: ['CMD-SHELL', 'exit 0'], interval: 15 },
      },
    ]);
    const task = launch(3);
    until(task, 'RUNNING');
    expect(task.containers.map((c) => c.nextHealthCheckAt! - task.startedAt!)).toEqual([
      10_000, 15_000,
    ]);
  });
});
