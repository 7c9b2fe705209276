import { describe, expect, it } from 'vitest';
import type { Container, Task } from '../aws/types';
import { execAccess, shellFor } from './exec';
import { task as fixtureTask } from './fixtures';

describe('shellFor', () => {
  it.each([
    ['nginx:1.23.3-alpine', '/bin/sh'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/frontend-react-js:latest', '/bin/sh'],
    ['python:3.10-slim-buster', '/bin/bash'],
    ['python:3.12-alpine', '/bin/sh'],
    ['node:20', '/bin/bash'],
    ['ubuntu:24.04', '/bin/bash'],
    ['busybox', '/bin/sh'],
    ['public.ecr.aws/xray/aws-xray-daemon', undefined],
    ['gcr.io/distroless/static', undefined],
    ['scratch', undefined],
    ['myorg/scratch:1', undefined],
    ['scratchpad:1', '/bin/sh'],
    ['debian', '/bin/bash'],
    ['docker.io/library/debian:12', '/bin/bash'],
    ['notdebian:12', '/bin/sh'],
    ['debian-tools:1', '/bin/sh'],
    ['node', '/bin/bash'],
    ['ruby:3.3-alpine', '/bin/sh'],
    ['nodejs-app:1', '/bin/sh'],
    ['amazonlinux:2023', '/bin/bash'],
  ])('%s -> %s', (image, shell) => {
    expect(shellFor(image)).toBe(shell);
  });
});

const container = (extra: Partial<Container> = {}): Container => ({
  name: 'web',
  image: 'nginx:1.27',
  lastStatus: 'RUNNING',
  healthStatus: 'HEALTHY',
  execAgentRunning: true,
  ...extra,
});
const task = (extra: Partial<Task> = {}): Task => fixtureTask('abc123', extra);

describe('execAccess', () => {
  it('gives the command line for a running container with the agent', () => {
    expect(execAccess(task(), container(), true, 'eu-west-1')).toEqual({
      ok: true,
      command:
        'aws ecs execute-command --region eu-west-1 --cluster c --task abc123 --container web --interactive --command "/bin/sh"',
    });
  });

  it('leaves the region to the CLI configuration when none is known', () => {
    expect(execAccess(task(), container({ image: 'python:3.12' }), true, undefined)).toEqual({
      ok: true,
      command:
        'aws ecs execute-command --cluster c --task abc123 --container web --interactive --command "/bin/bash"',
    });
  });

  it.each<[string, Task, Container, boolean, string]>([
    [
      'exec on the service only',
      task({ enableExecuteCommand: false }),
      container(),
      true,
      'ECS Exec is enabled on the service but this task started before: redeploy to apply',
    ],
    [
      'exec off',
      task({ enableExecuteCommand: false }),
      container(),
      false,
      'ECS Exec is not enabled on this task (update the service with enableExecuteCommand and redeploy)',
    ],
    [
      'task deactivating',
      task({ lastStatus: 'DEACTIVATING', desiredStatus: 'STOPPED' }),
      container(),
      true,
      'task is stopping',
    ],
    [
      'task running but told to stop',
      task({ lastStatus: 'RUNNING', desiredStatus: 'STOPPED' }),
      container(),
      true,
      'task is stopping',
    ],
    [
      'task still pending',
      task({ lastStatus: 'PENDING', desiredStatus: 'RUNNING' }),
      container(),
      true,
      'task is pending',
    ],
    [
      'container still pending',
      task(),
      container({ lastStatus: 'PENDING' }),
      true,
      'container is pending',
    ],
    [
      'agent not running',
      task(),
      container({ execAgentRunning: false }),
      true,
      'the ECS Exec agent is not running in this container',
    ],
    [
      'service connect proxy',
      task(),
      container({ name: 'ecs-service-connect-a1b2c3' }),
      true,
      'managed by ECS for Service Connect; exec is not available',
    ],
    [
      'no shell',
      task(),
      container({ image: 'public.ecr.aws/xray/aws-xray-daemon' }),
      true,
      'the image has no shell (built FROM scratch)',
    ],
  ])('says why not: %s', (_, t, c, serviceExec, reason) => {
    expect(execAccess(t, c, serviceExec, undefined)).toEqual({ ok: false, reason });
  });
});
