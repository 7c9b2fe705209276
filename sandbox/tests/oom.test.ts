/** An image that runs out of memory: its memory climbs, then ECS kills it with exit 137. */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur', speed: 300 });

describe('an oom image', () => {
  it('is killed with exit 137 and ECS’s reason, after its memory climbed to the limit', async () => {
    await h.replaceTasks('cruddur', 'backend-flask', 'backend-flask', 'oom');
    const killed = await eventually('a task killed for memory', async () => {
      const stopped = await h.ecs.send(
        new ListTasksCommand({
          cluster: 'cruddur',
          serviceName: 'backend-flask',
          desiredStatus: 'STOPPED',
        }),
      );
      const { tasks: described = [] } = await h.ecs.send(
        new DescribeTasksCommand({ cluster: 'cruddur', tasks: stopped.taskArns ?? [] }),
      );
      return described.find((t) => t.stopCode === 'EssentialContainerExited');
    });
    expect(killed.stoppedReason).toBe('Essential container in task exited');
    const container = killed.containers?.find((c) => c.name === 'backend-flask');
    expect([container?.exitCode, container?.reason]).toEqual([
      137,
      'OutOfMemoryError: Container killed due to memory usage',
    ]);
    // Sampled once a simulated minute, a task killed at 90 s may have shown only its first
    // minute; as ECS replaces it again and again, the climb shows (healthy tasks stay under 47).
    const peak = await eventually('memory above 70 %', async () => {
      const now = Date.now();
      const { MetricDataResults = [] } = await h.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(now - 600_000),
          EndTime: new Date(now + 60_000),
          MetricDataQueries: [
            {
              Id: 'memory',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/ECS',
                  MetricName: 'MemoryUtilization',
                  Dimensions: [
                    { Name: 'ClusterName', Value: 'cruddur' },
                    { Name: 'ServiceName', Value: 'backend-flask' },
                  ],
                },
                Period: 60,
                Stat: 'Maximum',
              },
            },
          ],
        }),
      );
      const max = Math.max(...(MetricDataResults[0]?.Values ?? []));
      return max >= 70 ? max : undefined;
    });
    expect(peak).toBeLessThanOrEqual(100);
  });
});
