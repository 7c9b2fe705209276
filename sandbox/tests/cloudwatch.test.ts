/** CloudWatch metrics the simulation publishes, through the real SDK client (JSON 1.0). */
import {
  GetMetricDataCommand,
  InvalidParameterValueException,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { ListTasksCommand, UpdateClusterSettingsCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

// 600x: a simulated minute passes every 100 ms, so a few seconds hold dozens of samples.
const h = setupSandbox({ seed: 'cruddur', speed: 600 });
const SERVICE = [
  { Name: 'ClusterName', Value: 'cruddur' },
  { Name: 'ServiceName', Value: 'backend-flask' },
];

const query = (id: string, namespace: string, name: string, stat: string) => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: namespace, MetricName: name, Dimensions: SERVICE },
    Period: 60,
    Stat: stat,
  },
});

describe('GetMetricData', () => {
  it('answers CPU and memory of a service per minute, newest first, within the load profile', async () => {
    const end = new Date(Date.now() + 60_000);
    const start = new Date(end.getTime() - 3600_000);
    const data = await eventually('two minutes of samples', async () => {
      const out = await h.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: start,
          EndTime: end,
          MetricDataQueries: [
            query('cpu', 'AWS/ECS', 'CPUUtilization', 'Average'),
            query('cpumax', 'AWS/ECS', 'CPUUtilization', 'Maximum'),
            query('memory', 'AWS/ECS', 'MemoryUtilization', 'Average'),
            query('desired', 'ECS/ContainerInsights', 'DesiredTaskCount', 'Maximum'),
          ],
        }),
      );
      return out.MetricDataResults?.[0]?.Values?.length ? out : undefined;
    });
    const [cpu, cpuMax, memory, desired] = data.MetricDataResults ?? [];
    expect([cpu?.Id, cpu?.Label, cpu?.StatusCode]).toEqual(['cpu', 'CPUUtilization', 'Complete']);
    expect(cpu?.Timestamps?.length).toBe(cpu?.Values?.length);
    const times = (cpu?.Timestamps ?? []).map((t) => t.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const t of times) expect(t % 60_000).toBe(0);
    for (const value of cpu?.Values ?? []) {
      expect(value).toBeGreaterThanOrEqual(10);
      expect(value).toBeLessThanOrEqual(80);
    }
    (cpuMax?.Values ?? []).forEach((max, i) =>
      expect(max).toBeGreaterThanOrEqual(cpu?.Values?.[i] ?? 0),
    );
    for (const value of memory?.Values ?? []) {
      expect(value).toBeGreaterThanOrEqual(30);
      expect(value).toBeLessThanOrEqual(50);
    }
    expect(desired?.Values?.[0]).toBe(1);
  });

  it('gives nothing for a metric no one publishes, and refuses what CloudWatch refuses', async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 600_000);
    const out = await h.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [query('nothing', 'AWS/ECS', 'DiskUtilization', 'Average')],
      }),
    );
    expect(out.MetricDataResults?.map((r) => [r.Id, r.Timestamps, r.Values])).toEqual([
      ['nothing', [], []],
    ]);
    const refusals: [string, Parameters<typeof query>, number, string][] = [
      [
        'an Id starting with a capital',
        ['Cpu', 'AWS/ECS', 'CPUUtilization', 'Average'],
        60,
        'The value Cpu for parameter MetricDataQueries.member.Id is not valid',
      ],
      [
        'a period that is not whole minutes',
        ['cpu', 'AWS/ECS', 'CPUUtilization', 'Average'],
        90,
        'Period must be a multiple of 60 (got 90)',
      ],
    ];
    for (const [what, args, period, message] of refusals) {
      const q = query(...args);
      const error = await h.cloudwatch
        .send(
          new GetMetricDataCommand({
            StartTime: start,
            EndTime: end,
            MetricDataQueries: [{ ...q, MetricStat: { ...q.MetricStat, Period: period } }],
          }),
        )
        .catch((e: unknown) => e);
      expect(error, what).toBeInstanceOf(InvalidParameterValueException);
      expect((error as Error).message, what).toContain(message);
    }
    const backwards = await h.cloudwatch
      .send(
        new GetMetricDataCommand({
          StartTime: end,
          EndTime: start,
          MetricDataQueries: [query('cpu', 'AWS/ECS', 'CPUUtilization', 'Average')],
        }),
      )
      .catch((e: unknown) => e);
    expect((backwards as Error).message).toBe(
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  });
});

describe('ListMetrics', () => {
  it('lists the series the services publish', async () => {
    const { Metrics = [] } = await h.cloudwatch.send(
      new ListMetricsCommand({
        Namespace: 'AWS/ECS',
        Dimensions: [{ Name: 'ServiceName', Value: 'backend-flask' }],
      }),
    );
    expect(
      Metrics.map(
        (m) => `${m.MetricName} ${m.Dimensions?.map((d) => `${d.Name}=${d.Value}`).join(',')}`,
      ).sort(),
    ).toEqual([
      'CPUUtilization ClusterName=cruddur,ServiceName=backend-flask',
      'CPUUtilization ClusterName=cruddur-staging,ServiceName=backend-flask',
      'MemoryUtilization ClusterName=cruddur,ServiceName=backend-flask',
      'MemoryUtilization ClusterName=cruddur-staging,ServiceName=backend-flask',
    ]);
  });
});

describe('Container Insights with enhanced observability', () => {
  it('publishes each running task’s CPU and memory by TaskId, on enhanced clusters only', async () => {
    await h.ecs.send(
      new UpdateClusterSettingsCommand({
        cluster: 'cruddur-staging',
        settings: [{ name: 'containerInsights', value: 'enhanced' }],
      }),
    );
    const { taskArns = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: 'cruddur-staging', serviceName: 'backend-flask' }),
    );
    const taskId = taskArns[0]!.split('/').at(-1)!;
    const dimensions = [
      { Name: 'ClusterName', Value: 'cruddur-staging' },
      { Name: 'TaskDefinitionFamily', Value: 'backend-flask-staging' },
      { Name: 'TaskId', Value: taskId },
    ];
    const end = new Date(Date.now() + 60_000);
    const perTask = (id: string, name: string) => ({
      Id: id,
      MetricStat: {
        Metric: { Namespace: 'ECS/ContainerInsights', MetricName: name, Dimensions: dimensions },
        Period: 60,
        Stat: 'Average',
      },
    });
    const data = await eventually('a task-level sample', async () => {
      const out = await h.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(end.getTime() - 600_000),
          EndTime: end,
          MetricDataQueries: [
            perTask('cpu', 'TaskCpuUtilization'),
            perTask('memory', 'TaskMemoryUtilization'),
          ],
        }),
      );
      return out.MetricDataResults?.[1]?.Values?.length ? out : undefined;
    });
    const [cpu, memory] = data.MetricDataResults ?? [];
    expect(cpu?.Values?.length).toBeGreaterThan(0);
    for (const value of memory?.Values ?? []) {
      expect(value).toBeGreaterThanOrEqual(30);
      expect(value).toBeLessThanOrEqual(50);
    }
    const { Metrics = [] } = await h.cloudwatch.send(
      new ListMetricsCommand({
        Namespace: 'ECS/ContainerInsights',
        MetricName: 'TaskCpuUtilization',
      }),
    );
    // Only the enhanced cluster's tasks: cruddur collects the standard level only.
    expect(
      new Set(Metrics.map((m) => m.Dimensions?.find((d) => d.Name === 'ClusterName')?.Value)),
    ).toEqual(new Set(['cruddur-staging']));
    expect(
      Metrics.find((m) => m.Dimensions?.some((d) => d.Value === taskId))?.Dimensions?.map(
        (d) => d.Name,
      ),
    ).toEqual(['ClusterName', 'TaskDefinitionFamily', 'TaskId']);
  });
});
