/**
 * The load balancer's metrics and the seed's 5xx alarm: with no healthy target left the ALB
 * fails open, every answer is a 5xx, and cruddur-backend-flask-5xx goes to ALARM.
 */
import { DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur', speed: 300 });

const alarmState = async () =>
  (
    await h.cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNames: ['cruddur-backend-flask-5xx'] }),
    )
  ).MetricAlarms?.[0];

describe('the load balancer in CloudWatch', () => {
  it('counts requests to healthy targets, without 5xx, and the alarm is OK', async () => {
    const alarm = await eventually('the alarm evaluated', async () => {
      const found = await alarmState();
      return found?.StateValue !== 'INSUFFICIENT_DATA' ? found : undefined;
    });
    expect(alarm?.StateValue).toBe('OK');
    const dimensions = alarm?.Dimensions ?? [];
    expect(dimensions.map((d) => d.Name)).toEqual(['LoadBalancer', 'TargetGroup']);
    expect(dimensions[0]?.Value).toMatch(/^app\/cruddur-alb\/[0-9a-f]{16}$/);
    expect(dimensions[1]?.Value).toMatch(/^targetgroup\/cruddur-backend-flask-tg\/[0-9a-f]{16}$/);
    const now = Date.now();
    const { MetricDataResults = [] } = await h.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 600_000),
        EndTime: new Date(now + 60_000),
        MetricDataQueries: ['RequestCount', 'HTTPCode_Target_5XX_Count'].map((name, i) => ({
          Id: `m${i}`,
          MetricStat: {
            Metric: { Namespace: 'AWS/ApplicationELB', MetricName: name, Dimensions: dimensions },
            Period: 60,
            Stat: 'Sum',
          },
        })),
      }),
    );
    expect(MetricDataResults[0]?.Values?.[0]).toBeGreaterThan(0);
    expect(MetricDataResults[1]?.Values?.every((v) => v === 0)).toBe(true);
  });

  it('with no healthy target, answers 5xx and the alarm fires, saying why', async () => {
    await h.replaceTasks('cruddur', 'backend-flask', 'backend-flask', 'unhealthy');
    const alarm = await eventually('the 5xx alarm in ALARM', async () => {
      const found = await alarmState();
      return found?.StateValue === 'ALARM' ? found : undefined;
    });
    expect(alarm.StateReason).toMatch(
      /^Threshold Crossed: 1 out of the last 1 datapoints \[\d+ \(.*\)\] were greater than the threshold \(5\) \(minimum 1 datapoint for OK -> ALARM transition\)\.$/,
    );
  });
});
