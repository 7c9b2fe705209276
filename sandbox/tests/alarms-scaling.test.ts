/**
 * Alarms evaluated from the simulated metrics, and target tracking acting on them: the load
 * knob pushes backend-flask's CPU past its 70 % target, AlarmHigh fires, the policy scales the
 * service out and records why. Through the real SDK clients.
 */
import { DescribeScalingActivitiesCommand } from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeAlarmsCommand,
  InvalidParameterCombinationException,
} from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur', speed: 300 });

describe('DescribeAlarms', () => {
  it('lists the two alarms target tracking made, tuned as AWS tunes them', async () => {
    const { MetricAlarms = [] } = await h.cloudwatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: 'TargetTracking-service/cruddur/backend-flask-',
      }),
    );
    expect(
      MetricAlarms.map((a) => [
        a.AlarmName?.replace(/-[0-9a-f-]{36}$/, ''),
        a.Namespace,
        a.MetricName,
        a.Statistic,
        a.Period,
        a.EvaluationPeriods,
        a.DatapointsToAlarm,
        a.Threshold,
        a.ComparisonOperator,
        a.Dimensions?.map((d) => `${d.Name}=${d.Value}`).join(','),
      ]),
    ).toEqual([
      [
        'TargetTracking-service/cruddur/backend-flask-AlarmHigh',
        'AWS/ECS',
        'CPUUtilization',
        'Average',
        60,
        3,
        3,
        70,
        'GreaterThanThreshold',
        'ClusterName=cruddur,ServiceName=backend-flask',
      ],
      [
        'TargetTracking-service/cruddur/backend-flask-AlarmLow',
        'AWS/ECS',
        'CPUUtilization',
        'Average',
        60,
        15,
        15,
        63,
        'LessThanThreshold',
        'ClusterName=cruddur,ServiceName=backend-flask',
      ],
    ]);
    expect(MetricAlarms[0]?.AlarmActions?.[0]).toMatch(
      /:scalingPolicy:.*:policyName\/backend-flask-cpu70$/,
    );
    expect(MetricAlarms[0]?.StateUpdatedTimestamp).toBeInstanceOf(Date);
    await expect(
      h.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['x'], AlarmNamePrefix: 'y' })),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
  });

  it('under load, AlarmHigh goes to ALARM and the policy scales out, naming both', async () => {
    await h.admin('PUT', '/_sandbox/load', {
      cluster: 'cruddur',
      service: 'backend-flask',
      factor: 5,
    });
    const alarm = await eventually('AlarmHigh in ALARM', async () => {
      const { MetricAlarms = [] } = await h.cloudwatch.send(
        new DescribeAlarmsCommand({ StateValue: 'ALARM' }),
      );
      return MetricAlarms.find((a) => a.AlarmName?.includes('-AlarmHigh-'));
    });
    expect(alarm.StateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 3 datapoints \[.*\] were greater than the threshold \(70\) \(minimum 3 datapoints for OK -> ALARM transition\)\.$/,
    );
    const activity = await eventually('a scale-out activity', async () => {
      const { ScalingActivities = [] } = await h.scaling.send(
        new DescribeScalingActivitiesCommand({
          ServiceNamespace: 'ecs',
          ResourceId: 'service/cruddur/backend-flask',
        }),
      );
      return ScalingActivities.find((a) => a.Cause?.includes('AlarmHigh'));
    });
    expect(activity.Cause).toBe(
      `monitor alarm ${alarm.AlarmName} in state ALARM triggered policy backend-flask-cpu70`,
    );
    expect(activity.Description).toMatch(/^Setting desired count to [2-4]\.$/);
    const { services = [] } = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
    );
    expect(services[0]?.desiredCount).toBeGreaterThanOrEqual(2);
    expect(services[0]?.desiredCount).toBeLessThanOrEqual(4);
  });
});
