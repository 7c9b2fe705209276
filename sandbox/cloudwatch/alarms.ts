/**
 * CloudWatch metric alarms, evaluated by the simulation from the metrics it publishes: once a
 * simulated minute, each alarm takes its statistic over that minute's samples and is in ALARM
 * while `DatapointsToAlarm` of the last `EvaluationPeriods` datapoints breach, OK otherwise
 * (INSUFFICIENT_DATA before it has any). Target-tracking policies create and
 * own their AlarmHigh/AlarmLow pair (autoscaling/scaling.ts); DescribeAlarms answers over
 * JSON 1.0 and the query protocol.
 */
import { AwsError } from '../errors.js';
import { paginate, type Json, type JsonObject } from '../wire.js';
import type { World } from '../world.js';
import type { Dimension } from './metrics.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
type Comparison =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

export interface Alarm {
  name: string;
  arn: string;
  description?: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  statistic: 'Average' | 'Maximum' | 'Minimum' | 'Sum' | 'SampleCount';
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: Comparison;
  /** Policy ARNs to run on ALARM (target tracking's). */
  actions: string[];
  state: AlarmState;
  stateReason: string;
  stateUpdatedAt: number;
  /** The statistic per evaluated simulated minute, newest last. */
  datapoints: { value: number; at: number }[];
}

export type AlarmInput = Pick<
  Alarm,
  | 'name'
  | 'description'
  | 'namespace'
  | 'metricName'
  | 'dimensions'
  | 'statistic'
  | 'period'
  | 'evaluationPeriods'
  | 'datapointsToAlarm'
  | 'threshold'
  | 'comparison'
  | 'actions'
>;

export function putAlarm(world: World, input: AlarmInput): Alarm {
  const alarm: Alarm = {
    ...input,
    arn: world.arn('cloudwatch', `alarm:${input.name}`),
    state: 'INSUFFICIENT_DATA',
    stateReason: 'Unchecked: Initial alarm creation',
    stateUpdatedAt: world.now(),
    datapoints: [],
  };
  world.alarms.set(alarm.name, alarm);
  return alarm;
}

export const deleteAlarm = (world: World, name: string) => world.alarms.delete(name);

const STATS: Record<Alarm['statistic'], (values: number[]) => number> = {
  Average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Minimum: (v) => Math.min(...v),
  Maximum: (v) => Math.max(...v),
  SampleCount: (v) => v.length,
};

const breaches = (alarm: Alarm, value: number) =>
  alarm.comparison === 'GreaterThanThreshold'
    ? value > alarm.threshold
    : alarm.comparison === 'GreaterThanOrEqualToThreshold'
      ? value >= alarm.threshold
      : alarm.comparison === 'LessThanThreshold'
        ? value < alarm.threshold
        : value <= alarm.threshold;

const SYMBOL: Record<Comparison, string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/**
 * Evaluates every alarm on the samples taken at `at` (from metrics.ts). Returns the alarms in
 * ALARM that have actions: like Application Auto Scaling, their policies run every minute the
 * alarm stays in ALARM (cooldowns permitting), not only when it enters it.
 */
export function evaluateAlarms(
  world: World,
  at: number,
  samplesOf: (alarm: Alarm) => number[] | undefined,
): Alarm[] {
  const firing: Alarm[] = [];
  for (const alarm of world.alarms.values()) {
    const samples = samplesOf(alarm);
    if (!samples?.length) {
      if (alarm.state === 'ALARM' && alarm.actions.length) firing.push(alarm);
      continue;
    }
    alarm.datapoints.push({
      value: Math.round(STATS[alarm.statistic](samples) * 1000) / 1000,
      at,
    });
    if (alarm.datapoints.length > alarm.evaluationPeriods) alarm.datapoints.shift();
    const recent = alarm.datapoints;
    const breaching = recent.filter((point) => breaches(alarm, point.value));
    // M of N: in ALARM while at least DatapointsToAlarm of the window breach, OK otherwise.
    const next: AlarmState = breaching.length >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
    if (next === alarm.state) {
      if (next === 'ALARM' && alarm.actions.length) firing.push(alarm);
      continue;
    }
    // Each datapoint with its own time, as CloudWatch words it (the last three).
    const shown = recent.map(
      (point) => `${point.value} (${new Date(point.at).toISOString().slice(0, 16)})`,
    );
    alarm.stateReason = `Threshold Crossed: ${breaching.length} out of the last ${recent.length} datapoints [${shown.slice(-3).join(', ')}] ${
      next === 'ALARM' ? 'were' : 'were not'
    } ${SYMBOL[alarm.comparison]} the threshold (${alarm.threshold}) (minimum ${alarm.datapointsToAlarm} datapoint${alarm.datapointsToAlarm === 1 ? '' : 's'} for ${alarm.state} -> ${next} transition).`;
    alarm.state = next;
    alarm.stateUpdatedAt = at;
    if (next === 'ALARM' && alarm.actions.length) firing.push(alarm);
  }
  return firing;
}

function describe(alarm: Alarm) {
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    ...(alarm.description ? { AlarmDescription: alarm.description } : {}),
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.stateUpdatedAt),
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: alarm.actions,
    InsufficientDataActions: [],
    StateValue: alarm.state,
    StateReason: alarm.stateReason,
    StateUpdatedTimestamp: new Date(alarm.stateUpdatedAt),
    StateTransitionedTimestamp: new Date(alarm.stateUpdatedAt),
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    Statistic: alarm.statistic,
    Dimensions: alarm.dimensions,
    Period: alarm.period,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparison,
    TreatMissingData: 'missing',
  };
}

const list = (value: Json | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export function describeAlarms(world: World, input: JsonObject) {
  const names = list(input.AlarmNames);
  const prefix = typeof input.AlarmNamePrefix === 'string' ? input.AlarmNamePrefix : undefined;
  const state = typeof input.StateValue === 'string' ? input.StateValue : undefined;
  if (names.length && prefix !== undefined) {
    throw new AwsError(
      'InvalidParameterCombinationException',
      'AlarmNames and AlarmNamePrefix cannot be specified together.',
    );
  }
  if (state && !['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(state)) {
    throw new AwsError(
      'InvalidParameterValueException',
      `The value ${state} for parameter StateValue is not valid.`,
    );
  }
  const maxRecords =
    typeof input.MaxRecords === 'number'
      ? input.MaxRecords
      : typeof input.MaxRecords === 'string' && /^\d+$/.test(input.MaxRecords)
        ? Number(input.MaxRecords)
        : undefined;
  const alarms = [...world.alarms.values()]
    .filter(
      (alarm) =>
        (!names.length || names.includes(alarm.name)) &&
        (prefix === undefined || alarm.name.startsWith(prefix)) &&
        (state === undefined || alarm.state === state),
    )
    // By name, byte order, as CloudWatch lists them.
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let page: Alarm[];
  let nextToken: string | undefined;
  try {
    ({ page, nextToken } = paginate(alarms, {
      nextToken: typeof input.NextToken === 'string' ? input.NextToken : undefined,
      maxResults: maxRecords,
      defaultMax: 50,
      limit: 100,
      query: JSON.stringify([names, prefix, state]),
      param: 'MaxRecords',
    }));
  } catch (error) {
    if (error instanceof AwsError && error.message.includes('nextToken')) {
      throw new AwsError('InvalidNextToken', 'The service returned an invalid NextToken.');
    }
    throw new AwsError(
      'InvalidParameterValueException',
      'The value for parameter MaxRecords must be between 1 and 100.',
    );
  }
  return {
    MetricAlarms: page.map(describe),
    CompositeAlarms: [],
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
