import { describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import type { World } from '../world.js';
import type { ContainerDefinition, ContainerState } from './model.js';
import { runHealthChecks } from './health-checks.js';

const world = { clock: new SimClock(1) } as World;
const S = 1000;

function container(startPeriod: number): ContainerState {
  return {
    name: 'backend-flask',
    image: 'backend-flask:latest',
    runtimeId: 'r',
    containerArn: 'arn',
    lastStatus: 'RUNNING',
    healthStatus: 'UNKNOWN',
    essential: true,
    definition: {
      name: 'backend-flask',
      healthCheck: {
        command: ['CMD-SHELL', 'true'],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod,
      },
    } as ContainerDefinition,
    behaviour: 'healthy',
    startedAt: 0,
    nextHealthCheckAt: 0,
    consecutiveHealthFailures: 0,
    managedProxy: false,
  };
}

describe('container health checks', () => {
  it('stays HEALTHY through retries - 1 failures and turns UNHEALTHY at retries', () => {
    const c = container(0);
    runHealthChecks(world, c, 0);
    expect(c.healthStatus).toBe('HEALTHY');
    c.behaviour = 'unhealthy';
    runHealthChecks(world, c, 60 * S);
    expect([c.healthStatus, c.consecutiveHealthFailures]).toEqual(['HEALTHY', 2]);
    runHealthChecks(world, c, 90 * S);
    expect([c.healthStatus, c.consecutiveHealthFailures]).toEqual(['UNHEALTHY', 3]);
  });

  it('a pass resets the count', () => {
    const c = container(0);
    c.behaviour = 'unhealthy';
    runHealthChecks(world, c, 30 * S);
    expect(c.consecutiveHealthFailures).toBe(2);
    c.behaviour = 'healthy';
    runHealthChecks(world, c, 60 * S);
    expect([c.healthStatus, c.consecutiveHealthFailures]).toEqual(['HEALTHY', 0]);
  });

  it('does not count failures inside the start period', () => {
    const c = container(60);
    c.behaviour = 'unhealthy';
    // Checks at 0, 30 (in the start period), 60, 90: two counted.
    runHealthChecks(world, c, 90 * S);
    expect([c.healthStatus, c.consecutiveHealthFailures]).toEqual(['UNKNOWN', 2]);
    runHealthChecks(world, c, 120 * S);
    expect([c.healthStatus, c.consecutiveHealthFailures]).toEqual(['UNHEALTHY', 3]);
  });
});
