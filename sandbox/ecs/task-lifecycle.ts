/**
 * A task's life: launched, provisioned, images pulled (or not), containers started, running
 * (with logs and health checks), asked to stop, stopped, then kept an hour for DescribeTasks.
 */
import { behaviourFromTag, pullImage } from '../images.js';
import { crashLines, kindOf, startupLines } from '../logs/log-lines.js';
import type { World } from '../world.js';
import type { JsonObject } from '../wire.js';
import { countFailure } from './circuit-breaker.js';
import { emitLogs, writeLogs } from './container-logs.js';
import { runHealthChecks } from './health-checks.js';
import type {
  Cluster,
  ContainerState,
  Deployment,
  Service,
  Task,
  TaskDefinition,
} from './model.js';
import { placeTask } from './placement.js';
import { seconds } from './timing.js';

const PENDING_STATES = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

/** Stopped tasks stay describable for an hour, as on AWS. */
const STOPPED_RETENTION_SECONDS = 3600;

/** Meant to run: a task reads STOPPED only after a stop set its desiredStatus (stopTask). */
export const isLive = (task: Task) => task.desiredStatus === 'RUNNING';

export const isPending = (task: Task) => PENDING_STATES.has(task.lastStatus);

export interface LaunchOptions {
  cluster: Cluster;
  definition: TaskDefinition;
  group: string;
  startedBy?: string;
  service?: Service;
  deployment?: Deployment;
  enableExecuteCommand: boolean;
  networkConfiguration?: JsonObject;
  tags?: Task['tags'];
}

export function launchTask(world: World, options: LaunchOptions): Task {
  const now = world.now();
  const id = world.hex(32);
  const arn = world.arn('ecs', `task/${options.cluster.name}/${id}`);
  const containers: ContainerState[] = options.definition.containers.map((definition) => ({
    name: definition.name,
    image: definition.image,
    runtimeId: `${id}-${world.hex(10)}`,
    containerArn: world.arn(
      'ecs',
      `container/${options.cluster.name}/${id}/${crypto.randomUUID()}`,
    ),
    lastStatus: 'PENDING',
    healthStatus: 'UNKNOWN',
    essential: definition.essential,
    definition,
    behaviour: world.imageBehaviours.get(definition.image) ?? behaviourFromTag(definition.image),
    consecutiveHealthFailures: 0,
    managedProxy: false,
  }));
  if (options.service?.serviceConnect?.enabled === true) {
    containers.push(serviceConnectProxy(world, options.cluster, id));
  }
  const place = placeTask(world, options.cluster, options.group, options.networkConfiguration);
  const task: Task = {
    arn,
    id,
    cluster: options.cluster,
    taskDefinition: options.definition,
    group: options.group,
    startedBy: options.startedBy,
    service: options.service,
    deploymentId: options.deployment?.id,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    containers,
    createdAt: now,
    nextTransitionAt: now + seconds(world, 3, 6),
    enableExecuteCommand: options.enableExecuteCommand,
    availabilityZone: place.availabilityZone,
    eni: {
      id: `eni-0${world.hex(16)}`,
      attachmentId: crypto.randomUUID(),
      subnetId: place.subnetId,
      privateIp: place.privateIp,
      mac: `0a:${[0, 0, 0, 0, 0].map(() => world.hex(2)).join(':')}`,
    },
    version: 1,
    pinnedDigests: options.deployment?.imageDigests ?? {},
    tags: options.tags ?? [],
    failureCounted: false,
    failed: false,
  };
  world.tasks.set(arn, task);
  return task;
}

/** ECS adds the Service Connect agent (Envoy) to every task of a Service Connect service. */
function serviceConnectProxy(world: World, cluster: Cluster, taskId: string): ContainerState {
  return {
    name: `ecs-service-connect-${world.hex(6)}`,
    image: 'public.ecr.aws/ecs/service-connect-agent:v1.29.10.0',
    runtimeId: `${taskId}-${world.hex(10)}`,
    containerArn: world.arn('ecs', `container/${cluster.name}/${taskId}/${crypto.randomUUID()}`),
    lastStatus: 'PENDING',
    healthStatus: 'UNKNOWN',
    essential: true,
    behaviour: 'healthy',
    consecutiveHealthFailures: 0,
    managedProxy: true,
  };
}

/**
 * Asks a task to stop. `failed` marks failures the circuit breaker counts (failed to start,
 * essential container exited, failed health checks); user and scheduler stops are not.
 */
export function stopTask(
  world: World,
  task: Task,
  stopCode: string,
  reason: string,
  failed = false,
) {
  if (task.desiredStatus === 'STOPPED') return;
  const now = world.now();
  task.desiredStatus = 'STOPPED';
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  task.stoppingAt = now;
  task.failed = failed;
  task.version++;
  if (task.lastStatus === 'PROVISIONING' || task.lastStatus === 'PENDING') {
    task.lastStatus = 'DEPROVISIONING';
    task.nextTransitionAt = now + seconds(world, 2, 4);
  } else {
    // A task meant to run is never STOPPED: it only gets there after a stop.
    task.lastStatus = 'DEACTIVATING';
    task.nextTransitionAt = now + seconds(world, 1, 3);
  }
  if (failed) countFailure(world, task);
}

export function advanceTask(world: World, task: Task, at: number) {
  while (task.lastStatus !== 'STOPPED' && task.nextTransitionAt <= at) {
    const t = task.nextTransitionAt;
    task.version++;
    switch (task.lastStatus) {
      case 'PROVISIONING':
        task.lastStatus = 'PENDING';
        task.pullStartedAt = t;
        task.nextTransitionAt = t + seconds(world, 5, 10);
        break;
      case 'PENDING':
        finishPull(world, task, t);
        break;
      case 'ACTIVATING':
        startContainers(world, task, t);
        break;
      case 'DEACTIVATING':
        task.lastStatus = 'STOPPING';
        task.nextTransitionAt = t + seconds(world, 2, 5);
        break;
      case 'STOPPING':
        for (const container of task.containers) {
          if (container.lastStatus === 'RUNNING') container.exitCode ??= 0;
          container.lastStatus = 'STOPPED';
        }
        task.executionStoppedAt = t;
        task.lastStatus = 'DEPROVISIONING';
        task.nextTransitionAt = t + seconds(world, 2, 4);
        break;
      case 'DEPROVISIONING':
        for (const container of task.containers) container.lastStatus = 'STOPPED';
        task.lastStatus = 'STOPPED';
        task.stoppedAt = t;
        task.executionStoppedAt ??= t;
        task.nextTransitionAt = t + world.clock.ms(STOPPED_RETENTION_SECONDS);
        return;
      // RUNNING waits at +Infinity (startContainers): only a stop moves it on.
    }
  }
}

function finishPull(world: World, task: Task, at: number) {
  task.pullStoppedAt = at;
  for (const container of task.containers) {
    const pinned = task.pinnedDigests[container.name];
    const pulled = container.managedProxy
      ? ({ ok: true, digest: `sha256:${world.hex(64)}` } as const)
      : pullImage(world.ecr, container.image, at, pinned);
    if (!pulled.ok) return failToStart(world, task, pulled.reason);
    container.imageDigest = pulled.digest;
  }
  for (const container of task.containers) {
    const logs = container.definition?.logConfiguration;
    if (logs?.logDriver !== 'awslogs') continue;
    const group = logs.options['awslogs-group'] ?? '';
    if (!world.logs.groups.has(group)) {
      if (logs.options['awslogs-create-group'] === 'true') world.logs.createGroup(group, at);
      else {
        return failToStart(
          world,
          task,
          'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
            'failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1',
        );
      }
    }
  }
  task.lastStatus = 'ACTIVATING';
  task.nextTransitionAt = at + seconds(world, 1, 3);
}

function failToStart(world: World, task: Task, reason: string) {
  stopTask(world, task, 'TaskFailedToStart', reason, true);
  for (const container of task.containers) {
    container.lastStatus = 'STOPPED';
    container.reason = reason;
  }
}

function startContainers(world: World, task: Task, at: number) {
  task.lastStatus = 'RUNNING';
  task.startedAt = at;
  task.connectivityAt = at;
  task.nextTransitionAt = Number.POSITIVE_INFINITY;
  for (const container of task.containers) {
    container.lastStatus = 'RUNNING';
    container.startedAt = at;
    const check = container.definition?.healthCheck;
    if (check)
      container.nextHealthCheckAt =
        at + world.clock.ms(Math.min(check.interval, check.startPeriod || check.interval));
    if (container.managedProxy) container.nextHealthCheckAt = at + world.clock.ms(5);
    const kind = kindOf(container.image, container.name);
    if (container.behaviour === 'crash') {
      writeLogs(world, task, container, at, crashLines(kind));
      container.nextLogAt = undefined;
      continue;
    }
    writeLogs(world, task, container, at, startupLines(kind, at));
    container.nextLogAt = at + seconds(world, 1, 4);
  }
}

/**
 * When a container's own behaviour ends it: `crash` exits 1 two seconds after it starts; `oom`
 * is killed (SIGKILL, 137) once its memory has climbed to the limit, and ECS says why.
 */
function exitOf(
  container: ContainerState,
): { after: number; code: number; reason?: string } | undefined {
  if (container.behaviour === 'crash') return { after: 2, code: 1 };
  if (container.behaviour === 'oom') {
    return {
      after: OOM_AFTER_SECONDS,
      code: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage',
    };
  }
  return undefined;
}

/** Logs and health checks of a running task up to `at`, and containers ending on their own. */
export function runContainers(world: World, task: Task, at: number) {
  // A stop moves a running task to DEACTIVATING at once, so RUNNING also means meant to run.
  if (task.lastStatus !== 'RUNNING') return;
  for (const container of task.containers) {
    if (container.lastStatus !== 'RUNNING') continue;
    const exit = exitOf(container);
    if (
      exit &&
      container.startedAt !== undefined &&
      at >= container.startedAt + world.clock.ms(exit.after)
    ) {
      if (exit.reason)
        writeLogs(world, task, container, at, ['[CRITICAL] WORKER TIMEOUT', 'Killed']);
      container.lastStatus = 'STOPPED';
      container.exitCode = exit.code;
      container.reason = exit.reason;
      if (container.essential) {
        stopTask(
          world,
          task,
          'EssentialContainerExited',
          'Essential container in task exited',
          true,
        );
        return;
      }
      continue;
    }
    // A crashing process never answers its health check (a start period of 1 s would check it
    // before it exits at 2 s) and writes nothing more; a leaking one serves until it is killed.
    if (container.behaviour === 'crash') continue;
    runHealthChecks(world, container, at);
    emitLogs(world, task, container, at);
  }
}

/** How long an `oom` image's memory takes to climb to its limit. */
export const OOM_AFTER_SECONDS = 90;
