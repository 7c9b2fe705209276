/**
 * ECS over time: the task lifecycle, container health checks, the service scheduler with
 * rolling deployments and the circuit breaker, and the awslogs output of running containers.
 * Durations are simulated seconds; SimClock.ms turns them into real milliseconds.
 */
import { behaviourFromTag, pullImage } from '../images.js';
import { crashLines, healthCheckPath, kindOf, nextLine, startupLines } from '../logs/log-lines.js';
import { between } from '../random.js';
import type { World } from '../world.js';
import type { JsonObject } from '../wire.js';
import { addEvent, startedEvent, stoppedEvent } from './events.js';
import type {
  ContainerState,
  Deployment,
  HealthStatus,
  Service,
  Task,
  TaskDefinition,
  Cluster,
} from './model.js';
import { circuitBreakerThreshold, completeServiceDeployment, startRollback } from './rollout.js';

const PENDING_STATES = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);
/** Stopped tasks stay describable for an hour, as on AWS. */
const STOPPED_RETENTION_SECONDS = 3600;

export const isLive = (task: Task) =>
  task.desiredStatus === 'RUNNING' && task.lastStatus !== 'STOPPED';
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

function seconds(world: World, low: number, high: number) {
  return world.clock.ms(between(world.random, low, high));
}

function octet(world: World) {
  return 2 + Math.floor(world.random() * 250);
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
  const subnets = (options.networkConfiguration?.awsvpcConfiguration as JsonObject | undefined)
    ?.subnets;
  const subnetId =
    Array.isArray(subnets) && typeof subnets[0] === 'string'
      ? subnets[0]
      : 'subnet-0a1b2c3d4e5f60718';
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
    availabilityZone: `${world.region}${'abc'[Math.floor(world.random() * 3)]}`,
    eni: {
      id: `eni-0${world.hex(16)}`,
      attachmentId: crypto.randomUUID(),
      subnetId,
      privateIp: `10.0.${Math.floor(world.random() * 4)}.${octet(world)}`,
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
  } else if (task.lastStatus !== 'STOPPED') {
    task.lastStatus = 'DEACTIVATING';
    task.nextTransitionAt = now + seconds(world, 1, 3);
  }
  if (failed) countFailure(world, task);
}

function countFailure(world: World, task: Task) {
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
function isHealthyRunning(task: Task) {
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return false;
  const hasChecks = task.containers.some(
    (c) => c.essential && (c.definition?.healthCheck || c.managedProxy),
  );
  return hasChecks ? taskHealth(task) === 'HEALTHY' : true;
}

// ---------------------------------------------------------------------------------------
// Task lifecycle

function advanceTask(world: World, task: Task, at: number) {
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
      case 'RUNNING':
        task.nextTransitionAt = Number.POSITIVE_INFINITY;
        return;
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

/** awslogs on Fargate: group from the options, stream `prefix/container/task-id`. */
function awslogsTarget(task: Task, container: ContainerState) {
  const logs = container.definition?.logConfiguration;
  if (logs?.logDriver !== 'awslogs') return undefined;
  const prefix = logs.options['awslogs-stream-prefix'];
  return {
    group: logs.options['awslogs-group'] ?? '',
    stream: prefix ? `${prefix}/${container.name}/${task.id}` : task.id,
  };
}

function writeLogs(
  world: World,
  task: Task,
  container: ContainerState,
  at: number,
  lines: string[],
) {
  const target = awslogsTarget(task, container);
  if (!target) return;
  lines.forEach((line, index) =>
    world.logs.write(target.group, target.stream, at + index, line, world.now()),
  );
}

/** Logs and health checks of a running task up to `at`. */
function runContainers(world: World, task: Task, at: number) {
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return;
  for (const container of task.containers) {
    if (container.lastStatus !== 'RUNNING') continue;
    if (container.behaviour === 'crash' && container.startedAt !== undefined) {
      const exitAt = container.startedAt + world.clock.ms(2);
      if (at >= exitAt) {
        container.lastStatus = 'STOPPED';
        container.exitCode = 1;
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
      }
      continue;
    }
    runHealthChecks(world, container, at);
    emitLogs(world, task, container, at);
  }
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

/** Bounded: after a long pause only the last minute of simulated output is written. */
function emitLogs(world: World, task: Task, container: ContainerState, at: number) {
  if (container.nextLogAt === undefined) return;
  const floor = at - world.clock.ms(60);
  if (container.nextLogAt < floor) container.nextLogAt = floor;
  const kind = kindOf(container.image, container.name);
  const path =
    healthCheckPath(container.definition?.healthCheck?.command) ??
    (container.definition?.healthCheck ? '/api/health-check' : undefined);
  const lines: [number, string][] = [];
  while (container.nextLogAt <= at) {
    lines.push([container.nextLogAt, nextLine(kind, container.nextLogAt, world.random, path)]);
    container.nextLogAt += seconds(world, kind === 'xray' ? 4 : 1, kind === 'xray' ? 10 : 5);
  }
  const target = awslogsTarget(task, container);
  if (!target) return;
  for (const [time, line] of lines)
    world.logs.write(target.group, target.stream, Math.round(time), line, world.now());
}

// ---------------------------------------------------------------------------------------
// The service scheduler

function scheduleService(world: World, service: Service, tasks: Task[], at: number) {
  const live = tasks.filter(isLive);
  if (service.status !== 'ACTIVE') {
    const primary = service.deployments[0];
    if (primary && live.length) {
      stopForScaling(world, live, primary);
      addEvent(world, service, stoppedEvent(live), at);
    }
    if (tasks.every((t) => t.lastStatus === 'STOPPED')) {
      service.status = 'INACTIVE';
      service.deployments = [];
    }
    return;
  }

  // Unhealthy tasks are replaced.
  for (const task of live) {
    if (task.lastStatus === 'RUNNING' && taskHealth(task) === 'UNHEALTHY') {
      addEvent(world, service, `(task ${task.id}) failed container health checks.`, at);
      stopTask(
        world,
        task,
        'ServiceSchedulerInitiated',
        'Task failed container health checks',
        true,
      );
      addEvent(world, service, stoppedEvent([task]), at);
    }
  }

  const primary = service.deployments[0];
  if (!primary) return;
  const byDeployment = (d: Deployment) => tasks.filter((t) => isLive(t) && t.deploymentId === d.id);
  const primaryLive = byDeployment(primary);
  const oldDeployments = service.deployments.slice(1);
  const oldLive = oldDeployments.flatMap(byDeployment);

  for (const task of primaryLive) {
    if (!primary.hadSuccess && isHealthyRunning(task)) {
      primary.hadSuccess = true;
      primary.failedTasks = 0;
    }
  }

  // Launch for the primary deployment within maximumPercent.
  const desired = primary.desiredCount;
  const canLaunch = !(primary.rolloutState === 'FAILED' && !service.circuitBreaker.rollback);
  const maxTotal = Math.max(desired, Math.floor((desired * service.maximumPercent) / 100));
  const toLaunch = Math.min(
    desired - primaryLive.length,
    maxTotal - primaryLive.length - oldLive.length,
  );
  if (canLaunch && toLaunch > 0) {
    const started: Task[] = [];
    for (let i = 0; i < toLaunch; i++) {
      started.push(
        launchTask(world, {
          cluster: service.cluster,
          definition: primary.taskDefinition,
          group: `service:${service.name}`,
          startedBy: primary.id,
          service,
          deployment: primary,
          enableExecuteCommand: service.enableExecuteCommand,
          networkConfiguration: service.networkConfiguration,
          tags: service.propagateTags === 'SERVICE' ? service.tags.map((t) => ({ ...t })) : [],
        }),
      );
    }
    addEvent(world, service, startedEvent(started), at);
    service.steady = false;
  }

  // Scale in: surplus primary tasks, pending ones first.
  const surplus = primaryLive.length - desired;
  if (surplus > 0) {
    const victims = [...primaryLive]
      .sort((a, b) => Number(isPending(b)) - Number(isPending(a)))
      .slice(0, surplus);
    stopForScaling(world, victims, primary);
    addEvent(world, service, stoppedEvent(victims), at);
  }

  // Drain older deployments while keeping minimumHealthyPercent healthy.
  if (oldLive.length) {
    const healthyPrimary = primaryLive.filter(isHealthyRunning).length;
    const oldRunning = oldLive.filter((t) => t.lastStatus === 'RUNNING');
    const minHealthy = Math.ceil((desired * service.minimumHealthyPercent) / 100);
    let allowance = Math.max(0, healthyPrimary + oldRunning.length - minHealthy);
    const victims: Task[] = oldLive.filter(isPending);
    for (const task of oldRunning) {
      if (allowance-- <= 0) break;
      victims.push(task);
    }
    stopForScaling(world, victims, primary);
    const stoppedRunning = victims.filter((t) => t.startedAt !== undefined);
    if (stoppedRunning.length) addEvent(world, service, stoppedEvent(stoppedRunning), at);
  }

  // Older deployments with nothing left become INACTIVE and leave the list.
  service.deployments = service.deployments.filter(
    (d, index) =>
      index === 0 || tasks.some((t) => t.deploymentId === d.id && t.lastStatus !== 'STOPPED'),
  );

  updateRollout(world, service, primary, tasks, at);
}

function stopForScaling(world: World, tasks: Task[], deployment: Deployment) {
  const reason = `Scaling activity initiated by (deployment ${deployment.id})`;
  for (const task of tasks) stopTask(world, task, 'ServiceSchedulerInitiated', reason);
}

function updateRollout(
  world: World,
  service: Service,
  primary: Deployment,
  tasks: Task[],
  at: number,
) {
  const primaryTasks = tasks.filter((t) => t.deploymentId === primary.id && isLive(t));
  const healthy = primaryTasks.filter(isHealthyRunning).length;
  const settled =
    service.deployments.length === 1 &&
    primaryTasks.length === primary.desiredCount &&
    healthy === primary.desiredCount &&
    !tasks.some((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'STOPPED');
  if (settled && primary.rolloutState === 'IN_PROGRESS') {
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
    primary.updatedAt = at;
    addEvent(world, service, `(deployment ${primary.id}) deployment completed.`, at);
    completeServiceDeployment(world, service, primary, at);
  }
  if (settled && !service.steady) {
    service.steady = true;
    addEvent(world, service, 'has reached a steady state.', at);
  } else if (!settled) {
    service.steady = false;
  }
}

/** Counts for DescribeServices: running and pending tasks of a deployment. */
export function deploymentCounts(world: World, deployment: Deployment) {
  let running = 0;
  let pending = 0;
  for (const task of world.tasks.values()) {
    if (task.deploymentId !== deployment.id || task.desiredStatus !== 'RUNNING') continue;
    if (task.lastStatus === 'RUNNING') running++;
    else if (isPending(task)) pending++;
  }
  return { running, pending };
}

// ---------------------------------------------------------------------------------------
// The clock

/**
 * Brings the world up to the present in steps of at most one simulated second (and at most
 * 300 steps after a long pause), so causes come before effects whatever the request rate.
 */
export function advance(world: World) {
  const now = world.now();
  const gap = now - world.simulatedUntil;
  if (gap <= 0) return;
  const steps = Math.min(300, Math.max(1, Math.ceil(gap / world.clock.ms(1))));
  for (let step = 1; step <= steps; step++) {
    const at = world.simulatedUntil + (gap * step) / steps;
    const byService = new Map<Service, Task[]>();
    for (const task of world.tasks.values()) {
      advanceTask(world, task, at);
      runContainers(world, task, at);
      if (task.service) {
        const list = byService.get(task.service);
        if (list) list.push(task);
        else byService.set(task.service, [task]);
      }
    }
    for (const services of world.services.values()) {
      for (const service of services.values()) {
        if (service.status === 'INACTIVE') continue;
        scheduleService(world, service, byService.get(service) ?? [], at);
      }
    }
  }
  world.simulatedUntil = now;
  for (const task of world.tasks.values()) {
    if (task.lastStatus === 'STOPPED' && task.nextTransitionAt <= now) world.tasks.delete(task.arn);
  }
}
