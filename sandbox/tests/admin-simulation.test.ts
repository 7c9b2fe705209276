/** PUT /_sandbox/simulation: a paused world does not move; running again, it carries on. */
import { CreateServiceCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { eventually, NETWORK, setupSandbox } from './harness';

const h = setupSandbox({ seed: 'cruddur', speed: 100 });

const running = async () =>
  (await h.ecs.send(new DescribeServicesCommand({ cluster: 'cruddur', services: ['paused'] })))
    .services?.[0]?.runningCount;

describe('pausing the simulation', () => {
  it('holds every task where it is until the simulation runs again', async () => {
    expect(await h.admin('PUT', '/_sandbox/simulation', { running: false })).toEqual({
      running: false,
    });
    await h.ecs.send(
      new CreateServiceCommand({
        cluster: 'cruddur',
        serviceName: 'paused',
        taskDefinition: 'frontend-react-js',
        desiredCount: 1,
        networkConfiguration: NETWORK,
      }),
    );
    // 1 s real is 100 s simulated: far longer than a task takes to start.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await running()).toBe(0);
    await h.admin('PUT', '/_sandbox/simulation', { running: true });
    await eventually('the task to run', async () => (await running()) === 1);
    await expect(h.admin('PUT', '/_sandbox/simulation', { running: 'no' })).rejects.toThrow(/400/);
  });
});
