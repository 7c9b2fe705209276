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

  it.each<[string, Task, Container, boolean, RegExp]>([
    [
      'exec on the service only',
      task({ enableExecuteCommand: false }),
      container(),
      true,
      /started before: redeploy to apply/,
    ],
    [
      'exec off',
      task({ enableExecuteCommand: false }),
      container(),
      false,
      /not enabled on this task/,
    ],
    [
      'task stopping',
      task({ lastStatus: 'DEACTIVATING', desiredStatus: 'STOPPED' }),
      container(),
      true,
      /task is deactivating/,
    ],
    [
      'agent not running',
      task(),
      container({ execAgentRunning: false }),
      true,
      /agent is not running/,
    ],
    [
      'service connect proxy',
      task(),
      container({ name: 'ecs-service-connect-a1b2c3' }),
      true,
      /Service Connect/,
    ],
    [
      'no shell',
      task(),
      container({ image: 'public.ecr.aws/xray/aws-xray-daemon' }),
      true,
      /no shell/,
    ],
  ])('says why not: %s', (_, t, c, serviceExec, reason) => {
    const access = execAccess(t, c, serviceExec, undefined);
    expect(access.ok).toBe(false);
    expect(access.ok ? '' : access.reason).toMatch(reason);
  });
});
