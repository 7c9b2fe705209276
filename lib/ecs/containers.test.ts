import { describe, expect, it } from 'vitest';
import type { Container, ContainerDefinition } from '../aws/types';
import { isServiceConnectProxy, isXrayDaemon, unknownHealthReason } from './containers';
import { task } from './fixtures';

const STARTED = 1_700_000_000_000;

const container = (extra: Partial<Container> = {}): Container => ({
  name: 'backend-flask',
  image: 'backend-flask:latest',
  lastStatus: 'RUNNING',
  healthStatus: 'UNKNOWN',
  execAgentRunning: true,
  ...extra,
});

const definition = (startPeriod: number | undefined): ContainerDefinition => ({
  name: 'backend-flask',
  image: 'backend-flask:latest',
  essential: true,
  portMappings: [],
  ...(startPeriod === undefined
    ? {}
    : {
        healthCheck: {
          command: ['CMD-SHELL', 'true'],
          interval: 30,
          timeout: 5,
          retries: 3,
          startPeriod,
        },
      }),
});

describe('isXrayDaemon', () => {
  it.each([
    [{ name: 'xray', image: 'public.ecr.aws/xray/aws-xray-daemon' }, true],
    [{ name: 'tracing', image: 'public.ecr.aws/xray/aws-xray-daemon:3.x' }, true],
    [{ name: 'xray', image: 'amazon/custom' }, true],
    [{ name: 'xray-sidecar', image: 'amazon/custom' }, false],
    [{ name: 'backend-flask', image: 'backend-flask:latest' }, false],
  ])('%j -> %s', (c, expected) => {
    expect(isXrayDaemon(c)).toBe(expected);
  });
});

describe('isServiceConnectProxy', () => {
  it.each([
    ['ecs-service-connect-7a1b', true],
    ['my-ecs-service-connect-7a1b', false],
    ['envoy', false],
  ])('%s -> %s', (name, expected) => {
    expect(isServiceConnectProxy({ name })).toBe(expected);
  });
});

describe('unknownHealthReason', () => {
  const running = task('t1', { startedAt: STARTED });
  it.each<[string, Container, ContainerDefinition | undefined, number, string | undefined]>([
    [
      'a known status needs no reason',
      container({ healthStatus: 'HEALTHY' }),
      definition(60),
      STARTED,
      undefined,
    ],
    [
      'an unhealthy one neither',
      container({ healthStatus: 'UNHEALTHY' }),
      definition(60),
      STARTED,
      undefined,
    ],
    [
      'the Service Connect agent, running',
      container({ name: 'ecs-service-connect-1' }),
      undefined,
      STARTED,
      'proxy health pending',
    ],
    [
      'the Service Connect agent, pending',
      container({ name: 'ecs-service-connect-1', lastStatus: 'PENDING' }),
      undefined,
      STARTED,
      'starting',
    ],
    [
      'no health check (the X-Ray sidecar)',
      container(),
      definition(undefined),
      STARTED,
      'no health check defined',
    ],
    ['no definition known', container(), undefined, STARTED, 'no health check defined'],
    ['not running yet', container({ lastStatus: 'PENDING' }), definition(60), STARTED, 'starting'],
    [
      'inside the start period',
      container(),
      definition(60),
      STARTED + 59_999,
      'starting (in start period)',
    ],
    [
      'at the end of the start period',
      container(),
      definition(60),
      STARTED + 60_000,
      'health check not yet passed',
    ],
    ['after it', container(), definition(60), STARTED + 120_000, 'health check not yet passed'],
  ])('%s', (_, c, d, now, reason) => {
    expect(unknownHealthReason(c, d, running, now)).toBe(reason);
  });

  it('says starting while the task has no start time', () => {
    expect(unknownHealthReason(container(), definition(60), task('t2'), STARTED)).toBe('starting');
  });
});
