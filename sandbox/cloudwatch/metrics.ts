/**
 * CloudWatch metrics as ECS, Container Insights and the load balancer publish them, made by the
 * simulation: every simulated minute each running task reports its CPU and memory utilization
 * from a load profile (Flask around 20–40 % with a slow wave, nginx low, a warm-up spike in a
 * task's first two minutes), Container Insights its task counts, the load balancer its requests.
 * Timestamps are wall-clock (clock.ts), so a 60 s period holds SANDBOX_SPEED samples of each.
 * GetMetricData and ListMetrics answer from them, over JSON 1.0 (the SDK) and the query protocol
 * (the AWS CLI v2 of this era).
 */
import { AwsError } from '../errors.js';
import { evaluateAlarms, type Alarm } from './alarms.js';
import { OOM_AFTER_SECONDS } from '../ecs/task-lifecycle.js';
import type { Service, Task } from '../ecs/model.js';
import type { Json, JsonObject } from '../wire.js';
import type { World } from '../world.js';

export interface Dimension {
  Name: string;
  Value: string;
}

interface Series {
  namespace: string;
  name: string;
  dimensions: Dimension[];
  unit: string;
  points: { at: number; value: number }[];
}

export interface MetricsState {
  series: Map<string, Series>;
  lastSampleAt?: number;
  /** The admin API's load knob per `cluster/service`: CPU is multiplied by it. */
  load: Map<string, number>;
}

export const newMetricsState = (): MetricsState => ({ series: new Map(), load: new Map() });

/** Seven days of samples is what the service page asks for at most. */
const KEEP_MS = 7 * 24 * 3600_000;

export const seriesKey = (namespace: string, name: string, dimensions: Dimension[]) =>
  `${namespace}|${name}|${[...dimensions]
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .map((d) => `${d.Name}=${d.Value}`)
    .join(',')}`;

export function putSample(
  world: World,
  metric: { namespace: string; name: string; dimensions: Dimension[]; unit: string },
  at: number,
  value: number,
) {
  const key = seriesKey(metric.namespace, metric.name, metric.dimensions);
  let series = world.metrics.series.get(key);
  if (!series) {
    series = { ...metric, points: [] };
    world.metrics.series.set(key, series);
  }
  series.points.push({ at, value });
  while (series.points.length && series.points[0]!.at < at - KEEP_MS) series.points.shift();
}

/** A stable number in [0, 1) from a text: the same task and minute always give the same noise. */
function noise(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return ((hash >>> 0) % 10_000) / 10_000;
}

const isWebServer = (task: Task) =>
  task.containers.some((c) => /nginx|frontend/.test(c.image ?? c.name));

/** CPU and memory utilization (percent of the task's reservation) at simulated `minute`. */
export function taskLoad(world: World, task: Task, at: number): { cpu: number; memory: number } {
  const minute = Math.floor(at / world.clock.ms(60));
  const jitter = noise(`${task.id}:${minute}`) - 0.5;
  const sinceStart = task.startedAt === undefined ? 0 : (at - task.startedAt) / world.clock.ms(60);
  const warmUp = sinceStart < 2 ? 35 * (1 - sinceStart / 2) : 0;
  const factor = task.service
    ? (world.metrics.load.get(`${task.service.cluster.name}/${task.service.name}`) ?? 1)
    : 1;
  if (isWebServer(task)) {
    return { cpu: 4 + 2 * jitter + warmUp / 4, memory: 9 + jitter };
  }
  const wave = 10 * Math.sin((2 * Math.PI * minute) / 20);
  // An `oom` image's memory climbs to the limit, where ECS kills it (task-lifecycle.ts).
  const leaking = task.containers.some((c) => c.behaviour === 'oom');
  if (leaking) {
    return {
      cpu: Math.min(100, 30 + 6 * jitter + warmUp),
      memory: Math.min(100, 40 + (60 * sinceStart * 60) / OOM_AFTER_SECONDS),
    };
  }
  return {
    cpu: Math.min(100, Math.max(0, (30 + wave + 6 * jitter) * factor + warmUp)),
    memory: 38 + 4 * jitter + Math.min(6, sinceStart / 10),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

function sampleService(world: World, service: Service, at: number) {
  const dims = [
    { Name: 'ClusterName', Value: service.cluster.name },
    { Name: 'ServiceName', Value: service.name },
  ];
  const tasks = [...world.tasks.values()].filter((t) => t.service === service);
  const running = tasks.filter((t) => t.lastStatus === 'RUNNING');
  for (const task of running) {
    const load = taskLoad(world, task, at);
    putSample(
      world,
      { namespace: 'AWS/ECS', name: 'CPUUtilization', dimensions: dims, unit: 'Percent' },
      at,
      round(load.cpu),
    );
    putSample(
      world,
      { namespace: 'AWS/ECS', name: 'MemoryUtilization', dimensions: dims, unit: 'Percent' },
      at,
      round(load.memory),
    );
  }
  if (service.cluster.containerInsights !== 'disabled') {
    const counts = {
      RunningTaskCount: running.length,
      DesiredTaskCount: service.desiredCount,
      PendingTaskCount: tasks.filter(
        (t) =>
          t.desiredStatus === 'RUNNING' && t.lastStatus !== 'RUNNING' && t.lastStatus !== 'STOPPED',
      ).length,
    };
    for (const [name, value] of Object.entries(counts)) {
      putSample(
        world,
        { namespace: 'ECS/ContainerInsights', name, dimensions: dims, unit: 'Count' },
        at,
        value,
      );
    }
  }
}

/**
 * Container Insights with enhanced observability adds task-level metrics: each running task's
 * CPU and memory utilization by ClusterName, TaskDefinitionFamily and TaskId (services' and
 * standalone tasks' alike).
 */
function sampleTask(world: World, task: Task, at: number) {
  const dimensions = [
    { Name: 'ClusterName', Value: task.cluster.name },
    { Name: 'TaskDefinitionFamily', Value: task.taskDefinition.family },
    { Name: 'TaskId', Value: task.id },
  ];
  const load = taskLoad(world, task, at);
  for (const [name, value] of [
    ['TaskCpuUtilization', load.cpu],
    ['TaskMemoryUtilization', load.memory],
  ] as const) {
    putSample(
      world,
      { namespace: 'ECS/ContainerInsights', name, dimensions, unit: 'Percent' },
      at,
      round(value),
    );
  }
}

/**
 * The load balancer's view of a service's target groups: requests spread over healthy
 * targets; with none healthy the ALB fails open to the rest, and the unhealthy ones answer 5xx.
 */
function sampleLoadBalancing(world: World, service: Service, at: number) {
  for (const binding of service.loadBalancers) {
    const group = world.elb.targetGroups.get(binding.targetGroupArn);
    const targets = world.elb.targets.get(binding.targetGroupArn) ?? [];
    const serving = targets.filter((t) => t.state !== 'draining');
    if (!group || !serving.length) continue;
    const healthy = serving.filter((t) => t.state === 'healthy').length;
    const jitter = noise(`${group.arn}:${Math.floor(at / world.clock.ms(60))}`);
    const requests = Math.round((healthy || serving.length) * (50 + 20 * jitter));
    const figures = {
      RequestCount: requests,
      // Failing open, targets still in their first checks answer; failed ones answer 5xx.
      HTTPCode_Target_5XX_Count: healthy
        ? 0
        : Math.round(
            (requests * serving.filter((t) => t.state === 'unhealthy').length) / serving.length,
          ),
      TargetResponseTime: healthy ? 0.05 + 0.05 * jitter : 0.5 + jitter,
    };
    for (const lbArn of group.loadBalancerArns) {
      const dimensions = [
        { Name: 'LoadBalancer', Value: lbArn.slice(lbArn.indexOf(':loadbalancer/') + 14) },
        { Name: 'TargetGroup', Value: group.arn.slice(group.arn.indexOf(':targetgroup/') + 1) },
      ];
      for (const [name, value] of Object.entries(figures)) {
        const unit = name === 'TargetResponseTime' ? 'Seconds' : 'Count';
        putSample(
          world,
          { namespace: 'AWS/ApplicationELB', name, dimensions, unit },
          at,
          round(value),
        );
      }
    }
  }
}

/**
 * Takes a sample of every active service once a simulated minute has passed, then evaluates
 * the alarms on it. Returns the alarms in ALARM with actions to run (autoscaling's policies).
 */
export function sampleMetrics(world: World, at: number): Alarm[] {
  const last = world.metrics.lastSampleAt;
  if (last !== undefined && at - last < world.clock.ms(60)) return [];
  world.metrics.lastSampleAt = at;
  for (const services of world.services.values()) {
    for (const service of services.values()) {
      if (service.status !== 'ACTIVE') continue;
      sampleService(world, service, at);
      sampleLoadBalancing(world, service, at);
    }
  }
  for (const task of world.tasks.values()) {
    if (task.lastStatus === 'RUNNING' && task.cluster.containerInsights === 'enhanced') {
      sampleTask(world, task, at);
    }
  }
  return evaluateAlarms(world, at, (alarm) =>
    world.metrics.series
      .get(seriesKey(alarm.namespace, alarm.metricName, alarm.dimensions))
      ?.points.filter((point) => point.at === at)
      .map((point) => point.value),
  );
}

// The API

const invalid = (message: string) => new AwsError('InvalidParameterValueException', message);

/** A timestamp as JSON 1.0 sends it (epoch seconds) or the query protocol (ISO 8601). */
function instant(value: Json | undefined, member: string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') {
    const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw invalid(`The parameter ${member} must be a timestamp.`);
}

/** A member that should be text; anything else reads as empty (and fails to match). */
const text = (value: Json | undefined): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

const integer = (value: Json | undefined): number | undefined =>
  typeof value === 'number'
    ? value
    : typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : undefined;

function dimensionsOf(value: Json | undefined): Dimension[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const entry = (item ?? {}) as JsonObject;
    return { Name: text(entry.Name), Value: text(entry.Value) };
  });
}

const STATS: Record<string, (values: number[]) => number> = {
  Average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Minimum: (v) => Math.min(...v),
  Maximum: (v) => Math.max(...v),
  SampleCount: (v) => v.length,
};

const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

export function getMetricData(world: World, input: JsonObject) {
  const queries = Array.isArray(input.MetricDataQueries) ? input.MetricDataQueries : [];
  if (!queries.length) {
    throw invalid('The parameter MetricDataQueries is required.');
  }
  if (queries.length > 500) {
    throw invalid('The collection MetricDataQueries must not have a size greater than 500.');
  }
  const start = instant(input.StartTime, 'StartTime');
  const end = instant(input.EndTime, 'EndTime');
  if (start >= end)
    throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const ascending = input.ScanBy === 'TimestampAscending';
  const results = queries.map((raw) => {
    const query = (raw ?? {}) as JsonObject;
    const id = typeof query.Id === 'string' ? query.Id : '';
    if (!QUERY_ID.test(id)) {
      throw invalid(
        `The value ${id} for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.`,
      );
    }
    const stat = (query.MetricStat ?? undefined) as JsonObject | undefined;
    if (!stat) {
      throw invalid(
        'The sandbox answers MetricStat queries; metric math (Expression) is not simulated.',
      );
    }
    const metric = (stat.Metric ?? {}) as JsonObject;
    const period = integer(stat.Period);
    if (!period || period % 60 !== 0) {
      throw invalid(
        `The parameter MetricDataQueries.member.MetricStat.Period must be a multiple of 60 (got ${text(stat.Period)}).`,
      );
    }
    const aggregate = STATS[text(stat.Stat)];
    if (!aggregate) throw invalid(`The statistic ${text(stat.Stat)} is not supported.`);
    const series = world.metrics.series.get(
      seriesKey(text(metric.Namespace), text(metric.MetricName), dimensionsOf(metric.Dimensions)),
    );
    const buckets = new Map<number, number[]>();
    for (const point of series?.points ?? []) {
      if (point.at < start || point.at >= end) continue;
      const bucket = Math.floor(point.at / (period * 1000)) * period * 1000;
      const list = buckets.get(bucket);
      if (list) list.push(point.value);
      else buckets.set(bucket, [point.value]);
    }
    const times = [...buckets.keys()].sort((a, b) => (ascending ? a - b : b - a));
    return {
      Id: id,
      Label: typeof query.Label === 'string' ? query.Label : text(metric.MetricName) || id,
      Timestamps: times.map((t) => new Date(t)),
      Values: times.map((t) => Math.round(aggregate(buckets.get(t)!) * 1000) / 1000),
      StatusCode: 'Complete',
    };
  });
  const returned = (index: number) => {
    const flag = (queries[index] as JsonObject).ReturnData;
    return flag !== false && flag !== 'false';
  };
  return { MetricDataResults: results.filter((_, index) => returned(index)), Messages: [] };
}

export function listMetrics(world: World, input: JsonObject) {
  const namespace = typeof input.Namespace === 'string' ? input.Namespace : undefined;
  const name = typeof input.MetricName === 'string' ? input.MetricName : undefined;
  const filters = dimensionsOf(input.Dimensions);
  const metrics = [...world.metrics.series.values()].filter(
    (s) =>
      (namespace === undefined || s.namespace === namespace) &&
      (name === undefined || s.name === name) &&
      filters.every((f) =>
        s.dimensions.some((d) => d.Name === f.Name && (!f.Value || d.Value === f.Value)),
      ),
  );
  return {
    Metrics: metrics.map((s) => ({
      Namespace: s.namespace,
      MetricName: s.name,
      Dimensions: s.dimensions,
    })),
  };
}
