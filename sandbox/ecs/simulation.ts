/**
 * ECS over time: each tick advances every task (task-lifecycle.ts) and runs the service
 * scheduler: desired count, rolling deployments (minimum healthy / maximum percent), health
 * replacement and rollout completion. Durations are simulated seconds; SimClock.ms turns them
 * into real milliseconds.
 */
import type { World } from '../world.js';
import { addEvent, startedEvent, stoppedEvent } from './events.js';
import { isHealthyRunning, taskHealth } from './health-checks.js';
import type { Deployment, Service, Task } from './model.js';
import { completeServiceDeployment } from './rollout.js';
import { advanceTargets, passesLoadBalancerChecks } from '../elbv2/load-balancing.js';
import { sampleMetrics } from '../cloudwatch/metrics.js';
import { runAlarmActions } from '../autoscaling/scaling.js';
import {
  advanceTask,
  isLive,
  isPending,
  launchTask,
  runContainers,
  stopTask,
} from './task-lifecycle.js';

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
  // What a deployment counts as healthy: running, passing its container checks and, behind a
  // load balancer, healthy in every target group.
  const isHealthy = (task: Task) =>
    isHealthyRunning(task) && passesLoadBalancerChecks(world, service, task);
  const byDeployment = (d: Deployment) => tasks.filter((t) => isLive(t) && t.deploymentId === d.id);
  const primaryLive = byDeployment(primary);
  const oldDeployments = service.deployments.slice(1);
  const oldLive = oldDeployments.flatMap(byDeployment);

  for (const task of primaryLive) {
    if (!primary.hadSuccess && isHealthy(task)) {
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
    // No longer steady: updateRollout sees the new tasks are not yet healthy.
    addEvent(world, service, startedEvent(started), at);
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
    const healthyPrimary = primaryLive.filter(isHealthy).length;
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

  updateRollout(world, service, primary, tasks, at, isHealthy);
}

/** Targets move through their health checks; ECS replaces a task whose target failed them. */
function replaceFailingTargets(world: World, service: Service, tasks: Task[], at: number) {
  for (const { task, targetGroup } of advanceTargets(world, service, tasks, at)) {
    // Two target groups may report the same task in one round: it is replaced once.
    if (task.desiredStatus === 'STOPPED') continue;
    const where = `(target-group ${targetGroup.arn})`;
    addEvent(world, service, `(task ${task.id}) failed ELB health checks in ${where}.`, at);
    stopTask(
      world,
      task,
      'ServiceSchedulerInitiated',
      `Task failed ELB health checks in ${where}`,
      true,
    );
    addEvent(world, service, stoppedEvent([task]), at);
  }
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
  isHealthy: (task: Task) => boolean,
) {
  const primaryTasks = tasks.filter((t) => t.deploymentId === primary.id && isLive(t));
  const healthy = primaryTasks.filter(isHealthy).length;
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

// The clock

/**
 * Brings the world up to the present in steps of at most one simulated second (and at most
 * 300 steps after a long pause), so causes come before effects whatever the request rate.
 */
export function advance(world: World) {
  if (world.paused) return;
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
        const tasks = byService.get(service) ?? [];
        scheduleService(world, service, tasks, at);
        replaceFailingTargets(world, service, tasks, at);
      }
    }
    for (const alarm of sampleMetrics(world, at)) runAlarmActions(world, alarm, at);
  }
  world.simulatedUntil = now;
  for (const task of world.tasks.values()) {
    if (task.lastStatus === 'STOPPED' && task.nextTransitionAt <= now) world.tasks.delete(task.arn);
  }
}
