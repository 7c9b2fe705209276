/**
 * Health roll-ups: a service from its deployments and tasks, a cluster from its services.
 * Pure functions over Berth's types.
 */
import type { Service, Task, TaskDefinition } from '../aws/types';

export type HealthLevel =
  'failed' | 'unhealthy' | 'degraded' | 'deploying' | 'starting' | 'healthy' | 'idle' | 'unknown';

export interface Health {
  level: HealthLevel;
  reason: string;
}

/** Every level, worst first: a cluster is as healthy as its least healthy service. */
export const HEALTH_LEVELS: readonly HealthLevel[] = [
  'failed',
  'unhealthy',
  'degraded',
  'deploying',
  'starting',
  'unknown',
  'healthy',
  'idle',
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * @param tasks the service's live tasks, when known (the cluster overview does without).
 * @param primaryDefinition the PRIMARY deployment's task definition, to tell "no health
 *   checks" from "not yet evaluated".
 */
export function serviceHealth(
  service: Service,
  tasks?: Task[],
  primaryDefinition?: TaskDefinition,
): Health {
  if (service.status === 'DRAINING')
    return { level: 'unknown', reason: 'draining: the service is being deleted' };
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  if (primary?.rolloutState === 'FAILED') {
    return {
      level: 'failed',
      reason: primary.rolloutStateReason ?? 'the latest deployment failed',
    };
  }
  const running = tasks?.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
  const unhealthy = running?.filter((t) => t.healthStatus === 'UNHEALTHY').length ?? 0;
  if (unhealthy > 0)
    return { level: 'unhealthy', reason: `${plural(unhealthy, 'task')} failing health checks` };
  if (service.deployments.length > 1 || primary?.rolloutState === 'IN_PROGRESS') {
    return {
      level: 'deploying',
      reason:
        `rolling out ${primary ? `${primary.taskDefinition.family}:${primary.taskDefinition.revision}` : ''}`.trim(),
    };
  }
  if (service.desired === 0 && service.running === 0)
    return { level: 'idle', reason: 'scaled to zero' };
  if (service.running < service.desired) {
    return { level: 'degraded', reason: `${service.running} of ${service.desired} tasks running` };
  }
  if (!running)
    return { level: 'healthy', reason: `${service.running} of ${service.desired} tasks running` };
  const hasChecks = primaryDefinition?.containers.some((c) => c.essential && c.healthCheck) ?? true;
  if (!hasChecks)
    return { level: 'healthy', reason: `${running.length} running; no health checks defined` };
  const waiting = running.filter((t) => t.healthStatus === 'UNKNOWN').length;
  if (waiting > 0)
    return { level: 'starting', reason: `${plural(waiting, 'task')} waiting for health checks` };
  return { level: 'healthy', reason: `${running.length} of ${service.desired} tasks healthy` };
}

export function clusterHealth(serviceHealths: Health[]): Health {
  if (serviceHealths.length === 0) return { level: 'idle', reason: 'no services' };
  const worst = [...serviceHealths].sort(
    (a, b) => HEALTH_LEVELS.indexOf(a.level) - HEALTH_LEVELS.indexOf(b.level),
  )[0];
  const count = serviceHealths.filter((h) => h.level === worst?.level).length;
  if (!worst || worst.level === 'healthy' || worst.level === 'idle') {
    return { level: 'healthy', reason: `${plural(serviceHealths.length, 'service')} healthy` };
  }
  return { level: worst.level, reason: `${plural(count, 'service')} ${worst.level}` };
}
