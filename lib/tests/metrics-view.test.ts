/** A service's metrics from the sandbox's CloudWatch: what the charts get, and what it costs. */
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
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
  });
});
