import 'server-only';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { cloudwatch } from './clients';
import { KEYS } from './cache-keys';
import { readThrough, type Fetched } from './read-cache';

/** The ranges the service page offers, with the period that gives each about 60–360 points. */
export const METRIC_RANGES = {
  '1h': { seconds: 3600, period: 60, words: 'the last hour' },
  '6h': { seconds: 6 * 3600, period: 60, words: 'the last 6 hours' },
  '24h': { seconds: 24 * 3600, period: 300, words: 'the last 24 hours' },
  '7d': { seconds: 7 * 24 * 3600, period: 1800, words: 'the last 7 days' },
} as const;
export type MetricRange = keyof typeof METRIC_RANGES;

export const isMetricRange = (value: unknown): value is MetricRange =>
  typeof value === 'string' && Object.hasOwn(METRIC_RANGES, value);

/** One line of a chart: its values at the shared timestamps (null where there is no datapoint). */
export interface MetricLine {
  id: string;
  label: string;
  values: (number | null)[];
}

/** CPU and memory utilization (average and maximum lines) over a span: a service's or a task's. */
export interface Utilization {
  period: number;
  /** Where the span starts and ends (period-aligned; the end of the current period), epoch s. */
  from: number;
  to: number;
  /** Epoch seconds, oldest first, shared by every line. */
  times: number[];
  cpu: MetricLine[];
  memory: MetricLine[];
}

export interface ServiceMetrics extends Utilization {
  range: MetricRange;
  /** Container Insights' running/desired/pending counts; empty when Insights is off. */
  tasks: MetricLine[];
  /** Behind a load balancer: requests and target 5xx per period, and response time (s). */
  requests: MetricLine[];
  latency: MetricLine[];
}

/** A target group as CloudWatch names it: `app/<lb>/<id>` and `targetgroup/<tg>/<id>`. */
export interface BalancerDimensions {
  loadBalancer: string;
  targetGroup: string;
}

/** The dimensions of a load balancer ARN and a target group ARN. */
export const balancerDimensions = (loadBalancerArn: string, targetGroupArn: string) => ({
  loadBalancer: loadBalancerArn.slice(loadBalancerArn.indexOf(':loadbalancer/') + 14),
  targetGroup: targetGroupArn.slice(targetGroupArn.indexOf(':targetgroup/') + 1),
});

/**
 * One GetMetricData for `queries` over [start, end), oldest first, and a way to read each query
 * as a line aligned on the timestamps every query shares (null where one has no datapoint).
 */
async function readLines(queries: MetricDataQuery[], start: number, end: number) {
  const out = await cloudwatch().send(
    new GetMetricDataCommand({
      StartTime: new Date(start),
      EndTime: new Date(end),
      MetricDataQueries: queries,
      ScanBy: 'TimestampAscending',
    }),
  );
  const results = new Map(
    (out.MetricDataResults ?? []).map((result) => [
      result.Id ?? '',
      new Map(
        (result.Timestamps ?? []).map((t, i) => [t.getTime() / 1000, result.Values?.[i] ?? 0]),
      ),
    ]),
  );
  const times = [...new Set([...results.values()].flatMap((r) => [...r.keys()]))].sort(
    (a, b) => a - b,
  );
  const line = (id: string, label: string): MetricLine => ({
    id,
    label,
    values: times.map((t) => results.get(id)?.get(t) ?? null),
  });
  return { times, line };
}

const SERVICE_QUERIES = [
  ['cpu_avg', 'AWS/ECS', 'CPUUtilization', 'Average', 'CPU average'],
  ['cpu_max', 'AWS/ECS', 'CPUUtilization', 'Maximum', 'CPU maximum'],
  ['mem_avg', 'AWS/ECS', 'MemoryUtilization', 'Average', 'Memory average'],
  ['mem_max', 'AWS/ECS', 'MemoryUtilization', 'Maximum', 'Memory maximum'],
  ['running', 'ECS/ContainerInsights', 'RunningTaskCount', 'Maximum', 'Running'],
  ['desired', 'ECS/ContainerInsights', 'DesiredTaskCount', 'Maximum', 'Desired'],
  ['pending', 'ECS/ContainerInsights', 'PendingTaskCount', 'Maximum', 'Pending'],
] as const;

const BALANCER_QUERIES = [
  ['requests', 'RequestCount', 'Sum', 'Requests'],
  ['errors', 'HTTPCode_Target_5XX_Count', 'Sum', 'Target 5xx'],
  ['latency', 'TargetResponseTime', 'Average', 'Response time'],
] as const;

/**
 * CPU, memory and task counts of a service over `range` (and, given its target group, the
 * load balancer's requests, 5xx and response time): one GetMetricData for all seven
 * queries (it takes up to 500). Cached for the metrics' period, keyed by the period the range
 * ends in: a chart is read again only when a new datapoint can exist, however many people look.
 */
export function getServiceMetrics(
  cluster: string,
  service: string,
  range: MetricRange,
  now = Date.now(),
  balancer?: BalancerDimensions,
): Promise<Fetched<ServiceMetrics>> {
  const { seconds, period } = METRIC_RANGES[range];
  const periodMs = period * 1000;
  // The end is the start of the next period, so the current (partial) period is included.
  const end = Math.floor(now / periodMs) * periodMs + periodMs;
  const start = end - seconds * 1000;
  return readThrough(
    KEYS.metrics(cluster, service, range, end, balancer?.targetGroup ?? '-'),
    'cloudwatch:GetMetricData',
    async () => {
      const dimensions = [
        { Name: 'ClusterName', Value: cluster },
        { Name: 'ServiceName', Value: service },
      ];
      const balancerDims = balancer && [
        { Name: 'LoadBalancer', Value: balancer.loadBalancer },
        { Name: 'TargetGroup', Value: balancer.targetGroup },
      ];
      const queries: MetricDataQuery[] = [
        ...SERVICE_QUERIES.map(([id, namespace, name, stat]) => ({
          Id: id,
          MetricStat: {
            Metric: { Namespace: namespace, MetricName: name, Dimensions: dimensions },
            Period: period,
            Stat: stat,
          },
        })),
        ...(balancerDims
          ? BALANCER_QUERIES.map(([id, name, stat]) => ({
              Id: id,
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/ApplicationELB',
                  MetricName: name,
                  Dimensions: balancerDims,
                },
                Period: period,
                Stat: stat,
              },
            }))
          : []),
      ];
      const { times, line } = await readLines(queries, start, end);
      const lines = SERVICE_QUERIES.map(([id, , , , label]) => line(id, label));
      const traffic = balancer ? BALANCER_QUERIES.map(([id, , , label]) => line(id, label)) : [];
      const byPrefix = (prefix: string) => lines.filter((l) => l.id.startsWith(prefix));
      const tasks = lines.filter((l) => ['running', 'desired', 'pending'].includes(l.id));
      return {
        range,
        period,
        from: start / 1000,
        to: end / 1000,
        times,
        cpu: byPrefix('cpu_'),
        memory: byPrefix('mem_'),
        tasks: tasks.some((l) => l.values.some((v) => v !== null)) ? tasks : [],
        requests: traffic.filter((l) => l.id !== 'latency'),
        latency: traffic.filter((l) => l.id === 'latency'),
      };
    },
    { ttlMs: periodMs },
  );
}

/**
 * "CPU avg 34 %, max 81 % in the last hour": a chart in words, for screen readers and phones.
 * `over` is a range (1h…) or words for the span ("the task's life").
 */
export function summarize(what: string, lines: MetricLine[], over: string): string {
  const words = isMetricRange(over) ? METRIC_RANGES[over].words : over;
  const average = lines.find((l) => l.id.endsWith('_avg'))?.values.filter((v) => v !== null) ?? [];
  const maximum = lines.find((l) => l.id.endsWith('_max'))?.values.filter((v) => v !== null) ?? [];
  if (!average.length) return `${what}: no datapoints in ${words}.`;
  const mean = average.reduce((a, b) => a + b, 0) / average.length;
  const peak = Math.max(...(maximum.length ? maximum : average));
  return `${what} avg ${Math.round(mean)} %, max ${Math.round(peak)} % in ${words}.`;
}

const TASK_QUERIES = [
  ['cpu_avg', 'TaskCpuUtilization', 'Average', 'CPU average'],
  ['cpu_max', 'TaskCpuUtilization', 'Maximum', 'CPU maximum'],
  ['mem_avg', 'TaskMemoryUtilization', 'Average', 'Memory average'],
  ['mem_max', 'TaskMemoryUtilization', 'Maximum', 'Memory maximum'],
] as const;

/** A task's utilization over its life (start to stop or now). */
export type TaskMetrics = Utilization;

/** The longest stretch of a task's life that is charted: its last 7 days. */
const TASK_WINDOW_MS = 7 * 24 * 3600_000;

/** The period that gives a task's life at most 360 points, as the service ranges do. */
export function taskMetricPeriod(lifeMs: number): number {
  if (lifeMs <= 6 * 3600_000) return 60;
  if (lifeMs <= 24 * 3600_000) return 300;
  return 1800;
}

/**
 * A task's CPU and memory utilization over its life (start to stop, or to now), from Container
 * Insights with enhanced observability, which publishes them by ClusterName,
 * TaskDefinitionFamily and TaskId: one GetMetricData for the four queries. A stopped task's
 * chart cannot change but for late datapoints, so it is kept ten periods; a running task's one.
 */
export function getTaskMetrics(
  task: { cluster: string; family: string; id: string; startedAt: number; stoppedAt?: number },
  now = Date.now(),
): Promise<Fetched<TaskMetrics>> {
  const last = Math.min(task.stoppedAt ?? now, now);
  const first = Math.max(task.startedAt, last - TASK_WINDOW_MS);
  const period = taskMetricPeriod(last - first);
  const periodMs = period * 1000;
  const start = Math.floor(first / periodMs) * periodMs;
  const end = Math.floor(last / periodMs) * periodMs + periodMs;
  return readThrough(
    KEYS.taskMetrics(task.cluster, task.id, end),
    'cloudwatch:GetMetricData',
    async () => {
      const dimensions = [
        { Name: 'ClusterName', Value: task.cluster },
        { Name: 'TaskDefinitionFamily', Value: task.family },
        { Name: 'TaskId', Value: task.id },
      ];
      const queries: MetricDataQuery[] = TASK_QUERIES.map(([id, name, stat]) => ({
        Id: id,
        MetricStat: {
          Metric: { Namespace: 'ECS/ContainerInsights', MetricName: name, Dimensions: dimensions },
          Period: period,
          Stat: stat,
        },
      }));
      const { times, line } = await readLines(queries, start, end);
      const lines = TASK_QUERIES.map(([id, , , label]) => line(id, label));
      return {
        period,
        from: start / 1000,
        to: end / 1000,
        times,
        cpu: lines.filter((l) => l.id.startsWith('cpu_')),
        memory: lines.filter((l) => l.id.startsWith('mem_')),
      };
    },
    { ttlMs: task.stoppedAt === undefined ? periodMs : 10 * periodMs },
  );
}
