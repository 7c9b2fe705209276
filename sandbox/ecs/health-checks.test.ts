import { describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import type { World } from '../world.js';
import type { ContainerDefinition, ContainerState, HealthStatus, Task } from './model.js';
import { isHealthyRunning, runHealthChecks, taskHealth } from './health-checks.js';

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

describe('a container without a health check of its own', () => {
  it('is checked every 5 s and turns UNHEALTHY at 3 failures (a Service Connect agent)', () => {
    const c = { ...container(0), definition: undefined, managedProxy: true };
    c.behaviour = 'unhealthy';
    // Checks at 0, 5, 10: the third failure.
    runHealthChecks(world, c, 9 * S);
    expect([c.healthStatus, c.consecutiveHealthFailures, c.nextHealthCheckAt]).toEqual([
      'UNKNOWN',
      2,
      10 * S,
    ]);
    runHealthChecks(world, c, 10 * S);
    expect([c.healthStatus, c.consecutiveHealthFailures]).toEqual(['UNHEALTHY', 3]);
  });

  it('runs no check when none is due', () => {
    const c = { ...container(0), nextHealthCheckAt: undefined };
    runHealthChecks(world, c, 90 * S);
    expect([c.healthStatus, c.consecutiveHealthFailures]).toEqual(['UNKNOWN', 0]);
  });
});

describe("a task's health", () => {
  const checked = (healthStatus: HealthStatus, essential = true): ContainerState => ({
    ...container(0),
    healthStatus,
    essential,
  });
  const unchecked = (healthStatus: HealthStatus): ContainerState => ({
    ...container(0),
    definition: { name: 'xray' } as ContainerDefinition,
    healthStatus,
  });
  const task = (containers: ContainerState[], status: 'RUNNING' | 'PENDING' = 'RUNNING') =>
    ({ containers, lastStatus: status, desiredStatus: 'RUNNING' }) as Task;

  it('is UNKNOWN with no essential checked container', () => {
    expect(taskHealth(task([]))).toBe('UNKNOWN');
    expect(taskHealth(task([unchecked('UNHEALTHY')]))).toBe('UNKNOWN');
    expect(taskHealth(task([checked('UNHEALTHY', false)]))).toBe('UNKNOWN');
  });

  it('is UNHEALTHY when any essential checked container is, then UNKNOWN, then HEALTHY', () => {
    expect(taskHealth(task([checked('HEALTHY'), checked('UNHEALTHY'), checked('UNKNOWN')]))).toBe(
      'UNHEALTHY',
    );
    expect(taskHealth(task([checked('HEALTHY'), checked('UNKNOWN')]))).toBe('UNKNOWN');
    expect(taskHealth(task([checked('HEALTHY'), unchecked('UNKNOWN')]))).toBe('HEALTHY');
    expect(taskHealth(task([checked('HEALTHY'), checked('UNHEALTHY', false)]))).toBe('HEALTHY');
    const agent = { ...unchecked('UNHEALTHY'), managedProxy: true };
    expect(taskHealth(task([checked('HEALTHY'), agent]))).toBe('UNHEALTHY');
  });

  it('counts a running task toward healthy when its checks pass, or when it has none', () => {
    expect(isHealthyRunning(task([checked('HEALTHY')]))).toBe(true);
    expect(isHealthyRunning(task([checked('UNKNOWN')]))).toBe(false);
    expect(isHealthyRunning(task([unchecked('UNKNOWN')]))).toBe(true);
    expect(isHealthyRunning(task([checked('HEALTHY')], 'PENDING'))).toBe(false);
    const stopping = { ...task([checked('HEALTHY')]), desiredStatus: 'STOPPED' } as Task;
    expect(isHealthyRunning(stopping)).toBe(false);
    // One checked container beside an unchecked sidecar: its check decides.
    expect(isHealthyRunning(task([checked('UNKNOWN'), unchecked('UNKNOWN')]))).toBe(false);
    expect(isHealthyRunning(task([unchecked('UNKNOWN'), checked('HEALTHY')]))).toBe(true);
  });
});
