/**
 * The one service-state model: what a service is doing, in one word and one line, derived from
 * what Berth reads (the service and its deployments, its deployment history, live and recently
 * stopped tasks). The overview, the cluster table, the service header and the filters all show
 * this and nothing else, so they cannot disagree. Pure; no I/O.
 */
import type {
  Service,
  ServiceDeploymentRecord,
  Task,
  TaskDefinition,
  TaskDefinitionRef,
} from '../aws/types';

/** Every state, worst first: a cluster reads as its worst service. */
export const SERVICE_STATES = [
  'failed',
  'crash-looping',
  'rolling-back',
  'degraded',
  'unknown',
  'deploying',
  'scaling',
  'steady',
] as const;
export type ServiceStateName = (typeof SERVICE_STATES)[number];

export interface ServiceState {
  state: ServiceStateName;
  /** One line: what is happening and, when something is wrong, why. */
  reason: string;
  /** When the failure, crash or rollback the state reports happened, where known. */
  at?: number;
  /** While deploying: new tasks healthy (or running, without health checks) of those wanted. */
  progress?: { done: number; of: number };
}

export interface ServiceFacts {
  service: Service;
  /** The service's live tasks, when read (the overview does without). */
  tasks?: Task[];
  /** The service's tasks stopped recently, when read. */
  stopped?: Task[];
  /** The deployment history, when read. */
  history?: ServiceDeploymentRecord[];
  /** The PRIMARY deployment's task definition, when read: which containers are essential and checked. */
  definition?: TaskDefinition;
  /** The load balancer's view of the service's targets, when read (every target group). */
  targets?: { state: string; reason?: string }[];
  now: number;
}

/**
 * "1 of 2 load balancer targets unhealthy (Target.FailedHealthChecks)", when any is: a service
 * the load balancer cannot reach is not steady, whatever ECS says. Draining targets are
 * leaving and do not count.
 */
function unhealthyTargets(facts: ServiceFacts): string | undefined {
  const serving = (facts.targets ?? []).filter((t) => t.state !== 'draining');
  const failing = serving.filter((t) => t.state === 'unhealthy');
  if (!failing.length) return undefined;
  const reasons = [...new Set(failing.map((t) => t.reason).filter(Boolean))];
  return `${failing.length} of ${serving.length} load balancer targets unhealthy${
    reasons.length ? ` (${reasons.join(', ')})` : ''
  }`;
}

/** Tasks stopping this often within this window are a crash loop, not bad luck. */
export const CRASH_WINDOW_MS = 10 * 60_000;
export const CRASH_LOOP_MIN = 2;

const ROLLING_BACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);
const ROLLED_BACK = new Set(['ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);
const STARTING = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

const name = (ref: TaskDefinitionRef | undefined) =>
  ref ? `${ref.family}:${ref.revision}` : 'an unknown revision';
const tasks = (n: number) => (n === 1 ? '1 task' : `${n} tasks`);

/**
 * The container a stopped task failed by: an essential one (per `definition`, when it is the
 * task's) that exited non-zero, else any that did; undefined when none did.
 */
export function failedContainer(task: Task, definition?: TaskDefinition) {
  const exited = task.containers.filter((c) => c.exitCode !== undefined && c.exitCode !== 0);
  const essential =
    definition?.arn === task.taskDefinition.arn
      ? exited.find((c) => definition.containers.find((d) => d.name === c.name)?.essential)
      : undefined;
  return essential ?? exited[0];
}

/** Whether a stopped task crashed: it never started, or an essential container exited badly. */
export function crashed(task: Task, definition?: TaskDefinition): boolean {
  if (task.stopCode === 'TaskFailedToStart') return true;
  return task.stopCode === 'EssentialContainerExited' && !!failedContainer(task, definition);
}

/** "backend exited with code 1" or the task's stopped reason. */
export function crashReason(task: Task, definition?: TaskDefinition): string {
  const container = failedContainer(task, definition);
  if (container) {
    const why = container.reason ? ` (${container.reason})` : '';
    return `${container.name} exited with code ${container.exitCode}${why}`;
  }
  return task.stoppedReason ?? task.stopCode ?? 'stopped';
}

export function serviceState(facts: ServiceFacts): ServiceState {
  const { service, now } = facts;
  if (service.status !== 'ACTIVE') {
    return {
      state: 'unknown',
      reason:
        service.status === 'DRAINING'
          ? 'draining: the service is being deleted'
          : `the service is ${service.status.toLowerCase()}`,
    };
  }
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  const latest = newest(facts.history);

  // Rolling back: the history says so, or (history unread) a FAILED deployment beside a newer one.
  if (latest && ROLLING_BACK.has(latest.status)) {
    return {
      state: 'rolling-back',
      reason: `Rolling back from ${name(latest.taskDefinition)} to ${name(latest.rollback?.toTaskDefinition)}: ${latest.rollback?.reason ?? latest.statusReason ?? 'the deployment failed'}`,
      at: latest.rollback?.startedAt ?? latest.createdAt,
    };
  }
  const failing = service.deployments.find((d) => d.rolloutState === 'FAILED');
  if (!facts.history && failing && primary && failing !== primary) {
    return {
      state: 'rolling-back',
      reason: `Rolling back from ${name(failing.taskDefinition)} to ${name(primary.taskDefinition)}: ${failing.rolloutStateReason ?? 'the deployment failed'}`,
      at: failing.updatedAt,
    };
  }

  // Crash loop: tasks of a revision the service runs stopping repeatedly, deployment or not.
  const current = new Set(
    service.deployments.filter((d) => d.rolloutState !== 'FAILED').map((d) => d.taskDefinition.arn),
  );
  const crashes = (facts.stopped ?? [])
    .filter(
      (t) =>
        current.has(t.taskDefinition.arn) &&
        t.stoppedAt !== undefined &&
        now - t.stoppedAt <= CRASH_WINDOW_MS &&
        crashed(t, facts.definition),
    )
    .sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0));
  const lastCrash = crashes[0];
  if (lastCrash && crashes.length >= CRASH_LOOP_MIN) {
    return {
      state: 'crash-looping',
      reason: `${tasks(crashes.length)} of ${name(lastCrash.taskDefinition)} stopped in the last 10 minutes; the latest: ${crashReason(lastCrash, facts.definition)}`,
      at: lastCrash.stoppedAt,
    };
  }

  // Failed: the latest deployment failed and no later one has replaced it.
  if (primary?.rolloutState === 'FAILED') {
    return {
      state: 'failed',
      reason: `Deployment of ${name(primary.taskDefinition)} failed: ${primary.rolloutStateReason ?? 'the circuit breaker stopped it'}`,
      at: primary.updatedAt,
    };
  }
  if (latest && ROLLED_BACK.has(latest.status)) {
    const failedRevision = name(latest.taskDefinition);
    const at = latest.finishedAt ?? latest.rollback?.startedAt ?? latest.createdAt;
    if (latest.status === 'ROLLBACK_FAILED') {
      return {
        state: 'failed',
        reason: `Deployment of ${failedRevision} failed and could not be rolled back: ${latest.statusReason ?? 'no reason given'}`,
        at,
      };
    }
    const count = latest.circuitBreaker?.failureCount ?? 0;
    const victim = (facts.stopped ?? []).find(
      (t) => t.taskDefinition.arn === latest.taskDefinition?.arn && crashed(t),
    );
    const cause =
      (count > 0
        ? `${tasks(count)} failed to start`
        : (latest.rollback?.reason ?? latest.statusReason ?? 'it was rolled back')) +
      (victim ? ` (${crashReason(victim)})` : '');
    return {
      state: 'failed',
      reason: `Deployment of ${failedRevision} failed: ${cause}; running ${name(service.taskDefinition)}`,
      at,
    };
  }

  const live = (facts.tasks ?? []).filter((t) => t.desiredStatus === 'RUNNING');
  const running = live.filter((t) => t.lastStatus === 'RUNNING');
  const hasChecks = facts.definition
    ? facts.definition.containers.some((c) => c.essential && c.healthCheck)
    : true;

  if (primary && (service.deployments.length > 1 || primary.rolloutState === 'IN_PROGRESS')) {
    const fresh = facts.tasks
      ? running.filter(
          (t) =>
            t.taskDefinition.arn === primary.taskDefinition.arn &&
            (t.healthStatus === 'HEALTHY' || !hasChecks),
        ).length
      : primary.running;
    const word = facts.tasks && hasChecks ? 'healthy' : 'running';
    const targets = unhealthyTargets(facts);
    return {
      state: 'deploying',
      reason: `Deploying ${name(primary.taskDefinition)}: ${fresh} of ${primary.desired} new tasks ${word}${targets ? `; ${targets}` : ''}`,
      progress: { done: fresh, of: primary.desired },
    };
  }
  if (service.deployments.length > 1) {
    return { state: 'unknown', reason: 'several deployments and none is PRIMARY' };
  }

  const unhealthy = running.filter((t) => t.healthStatus === 'UNHEALTHY').length;
  if (unhealthy > 0) {
    return { state: 'degraded', reason: `${tasks(unhealthy)} failing health checks` };
  }
  const targets = unhealthyTargets(facts);
  if (targets) return { state: 'degraded', reason: targets };
  if (service.desired === 0 && service.running === 0) {
    return { state: 'steady', reason: 'scaled to zero' };
  }
  if (service.running < service.desired) {
    const counts = `${service.running} of ${service.desired} tasks running`;
    if (lastCrash) {
      return {
        state: 'degraded',
        reason: `${counts}; a task stopped: ${crashReason(lastCrash, facts.definition)}`,
        at: lastCrash.stoppedAt,
      };
    }
    const starting = facts.tasks
      ? live.filter((t) => STARTING.has(t.lastStatus)).length
      : service.pending;
    return starting > 0
      ? { state: 'scaling', reason: `${counts}, ${starting} starting` }
      : { state: 'degraded', reason: counts };
  }
  if (service.running > service.desired) {
    return {
      state: 'scaling',
      reason: `${tasks(service.running)} running, ${service.desired} desired: stopping ${service.running - service.desired}`,
    };
  }
  if (!facts.tasks) {
    return { state: 'steady', reason: `${service.running} of ${service.desired} tasks running` };
  }
  if (!hasChecks) {
    return { state: 'steady', reason: `${running.length} running; no health checks defined` };
  }
  const waiting = running.filter((t) => t.healthStatus === 'UNKNOWN').length;
  if (waiting > 0) {
    return { state: 'scaling', reason: `${tasks(waiting)} waiting for health checks` };
  }
  return { state: 'steady', reason: `${running.length} of ${service.desired} tasks healthy` };
}

function newest(history: ServiceDeploymentRecord[] | undefined) {
  if (!history?.length) return undefined;
  return [...history].sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
}

export interface NamedState extends ServiceState {
  service: string;
}

/**
 * A cluster's roll-up: its worst state, and the services that are not steady by name, worst
 * first, so the overview says which to open.
 */
export function clusterState(states: NamedState[]): ServiceState & { notSteady: NamedState[] } {
  const rank = (s: ServiceStateName) => SERVICE_STATES.indexOf(s);
  const notSteady = states
    .filter((s) => s.state !== 'steady')
    .sort((a, b) => rank(a.state) - rank(b.state) || a.service.localeCompare(b.service));
  const worst = notSteady[0];
  if (!worst) {
    return {
      state: 'steady',
      reason:
        states.length === 0
          ? 'no services'
          : `${states.length} of ${states.length} services steady`,
      notSteady,
    };
  }
  const listed = notSteady.map((s) => `${s.service} (${s.state})`).join(', ');
  return {
    state: worst.state,
    reason: `${notSteady.length} of ${states.length} services not steady: ${listed}`,
    notSteady,
  };
}
