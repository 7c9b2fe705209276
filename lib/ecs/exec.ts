/**
 * The `aws ecs execute-command` line for a container, or why exec cannot reach it. Alpine and
 * nginx images have no bash (the seed document hit this), so they get /bin/sh.
 */
import type { Container, Task } from '../aws/types';
import { isServiceConnectProxy } from './containers';

export type ExecAccess = { ok: true; command: string } | { ok: false; reason: string };

export function shellFor(image: string): string {
  return /alpine|nginx|busybox/i.test(image) ? '/bin/sh' : '/bin/bash';
}

export function execAccess(
  task: Task,
  container: Container,
  serviceExecEnabled: boolean | undefined,
  region: string | undefined,
): ExecAccess {
  if (isServiceConnectProxy(container))
    return { ok: false, reason: 'managed by ECS for Service Connect; exec is not available' };
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING')
    return { ok: false, reason: `task is ${task.lastStatus.toLowerCase()}` };
  if (!task.enableExecuteCommand) {
    return {
      ok: false,
      reason: serviceExecEnabled
        ? 'ECS Exec is enabled on the service but this task started before: redeploy to apply'
        : 'ECS Exec is not enabled on this task (update the service with enableExecuteCommand and redeploy)',
    };
  }
  if (container.lastStatus !== 'RUNNING')
    return { ok: false, reason: `container is ${container.lastStatus.toLowerCase()}` };
  if (!container.execAgentRunning)
    return { ok: false, reason: 'the ECS Exec agent is not running in this container' };
  const parts = [
    'aws ecs execute-command',
    ...(region ? [`--region ${region}`] : []),
    `--cluster ${task.clusterName}`,
    `--task ${task.id}`,
    `--container ${container.name}`,
    '--interactive',
    `--command "${shellFor(container.image)}"`,
  ];
  return { ok: true, command: parts.join(' ') };
}
