/**
 * The `aws ecs execute-command` line for a container, or why exec cannot reach it.
 * The shell: Alpine and nginx images have no bash (the seed document hit this), and an image
 * name from ECR says nothing about its base, so /bin/sh (present wherever any shell is) is the
 * default; /bin/bash only where the image is known to be a bash-bearing distribution.
 */
import type { Container, Task } from '../aws/types';
import { isServiceConnectProxy } from './containers';

export type ExecAccess = { ok: true; command: string } | { ok: false; reason: string };

const NO_SHELL = /aws-xray-daemon|distroless|(^|\/)scratch(:|$)/i;
// Alpine variants of these (python:3.12-alpine) are caught by the /alpine/ test before this one.
const HAS_BASH =
  /(^|\/)(debian|ubuntu|amazonlinux|centos|fedora|rockylinux|almalinux|python|node|ruby|golang|openjdk|eclipse-temurin)(:|$)/i;

/** The shell to exec into, or undefined for images built without one. */
export function shellFor(image: string): string | undefined {
  if (NO_SHELL.test(image)) return undefined;
  if (/alpine|nginx|busybox/i.test(image)) return '/bin/sh';
  return HAS_BASH.test(image) ? '/bin/bash' : '/bin/sh';
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
    return {
      ok: false,
      reason: `task is ${task.desiredStatus === 'STOPPED' ? 'stopping' : task.lastStatus.toLowerCase()}`,
    };
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
  const shell = shellFor(container.image);
  if (!shell) return { ok: false, reason: 'the image has no shell (built FROM scratch)' };
  const parts = [
    'aws ecs execute-command',
    ...(region ? [`--region ${region}`] : []),
    `--cluster ${task.clusterName}`,
    `--task ${task.id}`,
    `--container ${container.name}`,
    '--interactive',
    `--command "${shell}"`,
  ];
  return { ok: true, command: parts.join(' ') };
}
