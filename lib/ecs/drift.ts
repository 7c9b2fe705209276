/**
 * The drift that costs hours (the seed document lost an afternoon to it): tasks running a
 * revision other than the PRIMARY deployment's, and tasks whose ECS Exec setting differs from
 * the service's because the setting only applies to tasks started after it changed.
 */
import type { Service, Task } from '../aws/types';

export interface Drift {
  kind: 'revision' | 'exec';
  message: string;
  taskIds: string[];
}

const tasksWord = (n: number) => (n === 1 ? '1 task' : `${n} tasks`);

export function findDrift(service: Service, tasks: Task[]): Drift[] {
  const live = tasks.filter((t) => t.desiredStatus === 'RUNNING' && t.serviceName === service.name);
  const drift: Drift[] = [];
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  if (primary) {
    const behind = live.filter((t) => t.taskDefinition.arn !== primary.taskDefinition.arn);
    if (behind.length) {
      const revisions = [
        ...new Set(behind.map((t) => `${t.taskDefinition.family}:${t.taskDefinition.revision}`)),
      ];
      const target = `${primary.taskDefinition.family}:${primary.taskDefinition.revision}`;
      const rollout = service.deployments.length > 1 && primary.rolloutState === 'IN_PROGRESS';
      drift.push({
        kind: 'revision',
        taskIds: behind.map((t) => t.id),
        message:
          `${tasksWord(behind.length)} ${behind.length === 1 ? 'runs' : 'run'} ${revisions.join(', ')}, not ${target} of the PRIMARY deployment` +
          (rollout
            ? ': a rollout is in progress and will replace them.'
            : ': redeploy to replace them.'),
      });
    }
  }
  const mismatched = live.filter((t) => t.enableExecuteCommand !== service.enableExecuteCommand);
  if (mismatched.length) {
    drift.push({
      kind: 'exec',
      taskIds: mismatched.map((t) => t.id),
      message: service.enableExecuteCommand
        ? `ECS Exec is enabled on the service but not on ${tasksWord(mismatched.length)}: redeploy to apply.`
        : `ECS Exec is disabled on the service but still enabled on ${tasksWord(mismatched.length)}: redeploy to apply.`,
    });
  }
  return drift;
}
