import 'server-only';
import { paginateDescribeAlarms, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { cloudwatch } from './clients';
import { KEYS } from './cache-keys';
import { readThrough, type Fetched } from './read-cache';
import type { Service } from './types';

export interface AlarmSummary {
  name: string;
  /** OK, ALARM or INSUFFICIENT_DATA. */
  state: string;
  reason: string;
  updatedAt?: number;
  /** "CPUUtilization Average > 70 for 3 of 3 × 60 s" */
  condition: string;
  dimensions: { name: string; value: string }[];
  /**
   * Made by a target-tracking policy to drive scaling, not to report trouble: its AlarmLow is
   * in ALARM whenever the service is quiet. Listed, never raised as a problem.
   */
  scalingSignal: boolean;
}

const OPERATORS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

function summarizeAlarm(alarm: MetricAlarm): AlarmSummary {
  const operator = OPERATORS[alarm.ComparisonOperator ?? ''] ?? alarm.ComparisonOperator ?? '?';
  const name = alarm.AlarmName ?? '';
  return {
    name,
    state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
    reason: alarm.StateReason ?? '',
    updatedAt: alarm.StateUpdatedTimestamp?.getTime(),
    condition: `${alarm.MetricName ?? 'metric'} ${alarm.Statistic ?? alarm.ExtendedStatistic ?? ''} ${operator} ${alarm.Threshold ?? '?'} for ${alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods ?? '?'} of ${alarm.EvaluationPeriods ?? '?'} × ${alarm.Period ?? '?'} s`,
    dimensions: (alarm.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
    scalingSignal: name.startsWith('TargetTracking-'),
  };
}

/**
 * Every metric alarm of the account and region, 100 a page: one DescribeAlarms for most
 * accounts, shared by every page and viewer for BERTH_CACHE_TTL_MS (the cluster table and the
 * service page each pick their services' alarms from it).
 */
export function listAlarms(): Promise<Fetched<AlarmSummary[]>> {
  return readThrough(KEYS.alarms(), 'cloudwatch:DescribeAlarms', async () => {
    const alarms: AlarmSummary[] = [];
    for await (const page of paginateDescribeAlarms(
      { client: cloudwatch() },
      { MaxRecords: 100, AlarmTypes: ['MetricAlarm'] },
    )) {
      alarms.push(...(page.MetricAlarms ?? []).map(summarizeAlarm));
    }
    return alarms;
  });
}

/**
 * The alarms on a service's metrics: on its ECS or Container Insights metrics (ClusterName and
 * ServiceName), or on one of its target groups (TargetGroup, targetgroup/name/id).
 */
export function alarmsOf(alarms: AlarmSummary[], service: Service): AlarmSummary[] {
  const groups = service.loadBalancers.map((lb) =>
    lb.targetGroupArn.replace(/^.*:(?=targetgroup\/)/, ''),
  );
  return alarms.filter((alarm) => {
    const value = (name: string) => alarm.dimensions.find((d) => d.name === name)?.value;
    const byService =
      value('ClusterName') === service.clusterName && value('ServiceName') === service.name;
    const byTargetGroup = groups.includes(value('TargetGroup') ?? '');
    return byService || byTargetGroup;
  });
}

/** The alarms worth raising: in ALARM, and not a target-tracking scaling signal. */
export const firing = (alarms: AlarmSummary[]) =>
  alarms.filter((alarm) => alarm.state === 'ALARM' && !alarm.scalingSignal);
