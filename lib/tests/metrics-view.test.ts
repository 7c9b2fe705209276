/** A service's metrics from the sandbox's CloudWatch: what the charts get, and what it costs. */
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeTasksCommand,
  ListTasksCommand,
  UpdateClusterSettingsCommand,
} from '@aws-sdk/client-ecs';
import { eventually } from '../../sandbox/tests/harness';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Metrics from '../aws/metrics';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 60, cacheTtlMs: 500 });
let metrics: typeof Metrics;

beforeAll(async () => {
  metrics = await import('../aws/metrics');
});

describe('getServiceMetrics', () => {
  it('reads CPU, memory and task counts in one call, kept for the period', async () => {
    await berth.resetStats();
    const now = Date.now();
    const { data } = await metrics.getServiceMetrics('cruddur', 'backend-flask', '1h', now);
    expect(data.range).toBe('1h');
    expect(data.period).toBe(60);
    expect(data.from).toBe((Math.floor(now / 60_000) * 60_000 + 60_000 - 3600_000) / 1000);
    expect(data.times.length).toBeGreaterThan(0);
    expect(data.times).toEqual([...data.times].sort((a, b) => a - b));
    expect(data.cpu.map((l) => [l.id, l.label, l.values.length])).toEqual([
      ['cpu_avg', 'CPU average', data.times.length],
      ['cpu_max', 'CPU maximum', data.times.length],
    ]);
    expect(data.memory.map((l) => l.id)).toEqual(['mem_avg', 'mem_max']);
    expect(data.tasks.map((l) => l.label)).toEqual(['Running', 'Desired', 'Pending']);
    expect(data.tasks[1]?.values.at(-1)).toBe(1);
    expect((await berth.stats()).calls['cloudwatch:GetMetricData']).toBe(1);
    // Past BERTH_CACHE_TTL_MS but within the period: no new read.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await metrics.getServiceMetrics('cruddur', 'backend-flask', '1h', now);
    expect((await berth.stats()).calls['cloudwatch:GetMetricData']).toBe(1);
    // Another range is another read.
    const week = await metrics.getServiceMetrics('cruddur', 'backend-flask', '7d', now);
    expect(week.data.period).toBe(1800);
    expect((await berth.stats()).calls['cloudwatch:GetMetricData']).toBe(2);
  });

  it('adds the load balancer’s requests, 5xx and response time, in the same one call', async () => {
    await berth.resetStats();
    const { TargetGroups = [] } = await berth.harness.elb.send(
      new DescribeTargetGroupsCommand({ Names: ['cruddur-backend-flask-tg'] }),
    );
    const group = TargetGroups[0]!;
    const balancer = metrics.balancerDimensions(group.LoadBalancerArns![0]!, group.TargetGroupArn!);
    expect(balancer.loadBalancer).toMatch(/^app\/cruddur-alb\/[0-9a-f]{16}$/);
    expect(balancer.targetGroup).toMatch(/^targetgroup\/cruddur-backend-flask-tg\/[0-9a-f]{16}$/);
    const { data } = await metrics.getServiceMetrics(
      'cruddur',
      'backend-flask',
      '6h',
      Date.now(),
      balancer,
    );
    expect(data.requests.map((l) => l.label)).toEqual(['Requests', 'Target 5xx']);
    expect(data.latency.map((l) => l.label)).toEqual(['Response time']);
    expect(data.requests[0]?.values.some((v) => v !== null && v > 0)).toBe(true);
    expect(data.requests[1]?.values.every((v) => v === null || v === 0)).toBe(true);
    expect((await berth.stats()).calls['cloudwatch:GetMetricData']).toBe(1);
  });

  it('has no task counts where Container Insights is off', async () => {
    const { data } = await metrics.getServiceMetrics(
      'cruddur-staging',
      'notifications-worker',
      '1h',
    );
    expect(data.tasks).toEqual([]);
    expect(data.cpu[0]?.values.some((v) => v !== null)).toBe(true);
  });
});

describe('getTaskMetrics', () => {
  it('charts one task’s life from Container Insights’ task-level metrics in one call', async () => {
    const { ecs } = berth.harness;
    await ecs.send(
      new UpdateClusterSettingsCommand({
        cluster: 'cruddur-staging',
        settings: [{ name: 'containerInsights', value: 'enhanced' }],
      }),
    );
    const { taskArns = [] } = await ecs.send(
      new ListTasksCommand({ cluster: 'cruddur-staging', serviceName: 'backend-flask' }),
    );
    const { tasks = [] } = await ecs.send(
      new DescribeTasksCommand({ cluster: 'cruddur-staging', tasks: taskArns.slice(0, 1) }),
    );
    const described = tasks[0]!;
    const task = {
      cluster: 'cruddur-staging',
      family: 'backend-flask-staging',
      id: described.taskArn!.split('/').at(-1)!,
      startedAt: described.startedAt!.getTime(),
    };
    await berth.resetStats();
    // Each read is for a later `now`, past the period, so each is a fresh call.
    let reads = 0;
    const { data } = await eventually('a task-level datapoint', async () => {
      reads += 1;
      const read = await metrics.getTaskMetrics(task, Date.now() + reads * 60_000);
      return read.data.times.length ? read : undefined;
    });
    expect(data.period).toBe(60);
    expect(data.from).toBe(Math.floor(task.startedAt / 60_000) * 60);
    expect(data.cpu.map((l) => [l.id, l.label])).toEqual([
      ['cpu_avg', 'CPU average'],
      ['cpu_max', 'CPU maximum'],
    ]);
    expect(data.memory.map((l) => [l.id, l.label])).toEqual([
      ['mem_avg', 'Memory average'],
      ['mem_max', 'Memory maximum'],
    ]);
    const memory = data.memory[0]!.values.filter((v) => v !== null);
    expect(memory.length).toBeGreaterThan(0);
    for (const value of memory) expect(value).toBeGreaterThanOrEqual(30);
    expect((await berth.stats()).calls['cloudwatch:GetMetricData']).toBe(reads);
    // Within the period, however many viewers: no new call.
    await metrics.getTaskMetrics(task, Date.now() + reads * 60_000);
    expect((await berth.stats()).calls['cloudwatch:GetMetricData']).toBe(reads);
  });

  it('ends a stopped task’s chart at its stop', async () => {
    const startedAt = Date.parse('2026-12-01T10:00:30Z');
    const stoppedAt = Date.parse('2026-12-01T10:42:10Z');
    const { data } = await metrics.getTaskMetrics(
      { cluster: 'cruddur', family: 'backend-flask', id: 'f'.repeat(32), startedAt, stoppedAt },
      Date.parse('2026-12-02T08:00:00Z'),
    );
    expect([data.period, data.from, data.to]).toEqual([
      60,
      Date.parse('2026-12-01T10:00:00Z') / 1000,
      Date.parse('2026-12-01T10:43:00Z') / 1000,
    ]);
    // Nothing is published for a task id the cluster never ran.
    expect(data.times).toEqual([]);
  });

  it('picks a period that keeps a task’s life within 360 points', () => {
    const hour = 3600_000;
    expect(
      [1, 6 * hour, 6 * hour + 1, 24 * hour, 24 * hour + 1].map(metrics.taskMetricPeriod),
    ).toEqual([60, 60, 300, 300, 1800]);
  });
});

describe('summarize', () => {
  it('says the average and the peak over the range, in words', () => {
    const line = (id: string, values: (number | null)[]) => ({ id, label: id, values });
    expect(
      metrics.summarize(
        'CPU',
        [line('cpu_avg', [30, null, 40]), line('cpu_max', [50, 81.4, null])],
        '1h',
      ),
    ).toBe('CPU avg 35 %, max 81 % in the last hour.');
    expect(metrics.summarize('Memory', [line('mem_avg', [20, 24])], '24h')).toBe(
      'Memory avg 22 %, max 24 % in the last 24 hours.',
    );
    expect(metrics.summarize('CPU', [line('cpu_avg', [null])], '7d')).toBe(
      'CPU: no datapoints in the last 7 days.',
    );
    expect(metrics.summarize('CPU', [line('cpu_avg', [10, 20])], "the task's life")).toBe(
      "CPU avg 15 %, max 20 % in the task's life.",
    );
  });
});
