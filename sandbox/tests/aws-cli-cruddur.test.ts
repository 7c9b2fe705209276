/**
 * The Cruddur world through Debian's AWS CLI v2 where it speaks the query protocol (XML
 * answers): the load balancer, and CloudWatch metrics (the CLI of this era predates JSON); and
 * ECR's scan findings (JSON).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsCli } from './aws-cli.js';
import { setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });
const dir = mkdtempSync(join(tmpdir(), 'berth-cli-cruddur-'));
const aws = awsCli(h, dir);

describe('aws elbv2', () => {
  it('lists the ALB, its target groups and a healthy target per task', async () => {
    const { LoadBalancers } = (await aws('elbv2', 'describe-load-balancers')) as {
      LoadBalancers: { LoadBalancerName: string; LoadBalancerArn: string; Type: string }[];
    };
    expect(LoadBalancers.map((lb) => [lb.LoadBalancerName, lb.Type])).toEqual([
      ['cruddur-alb', 'application'],
    ]);
    const { TargetGroups } = (await aws(
      'elbv2',
      'describe-target-groups',
      '--load-balancer-arn',
      LoadBalancers[0]!.LoadBalancerArn,
    )) as { TargetGroups: { TargetGroupName: string; TargetGroupArn: string; Port: number }[] };
    expect(TargetGroups.map((g) => [g.TargetGroupName, g.Port])).toEqual([
      ['cruddur-backend-flask-tg', 4567],
      ['cruddur-frontend-react-js-tg', 3000],
    ]);
    const health = (await aws(
      'elbv2',
      'describe-target-health',
      '--target-group-arn',
      TargetGroups[0]!.TargetGroupArn,
    )) as {
      TargetHealthDescriptions: { Target: { Port: number }; TargetHealth: { State: string } }[];
    };
    expect(
      health.TargetHealthDescriptions.map((d) => [d.Target.Port, d.TargetHealth.State]),
    ).toEqual([[4567, 'healthy']]);
  });

  it('prints AWS errors as the CLI does', async () => {
    const failure = await aws('elbv2', 'describe-target-groups', '--names', 'nope').catch(
      (e: { stderr: string }) => e.stderr,
    );
    expect(failure).toContain(
      'An error occurred (TargetGroupNotFound) when calling the DescribeTargetGroups operation: One or more target groups not found',
    );
  });
});

describe('aws cloudwatch', () => {
  it("reads a service's CPU per minute with get-metric-data, and lists its metrics", async () => {
    writeFileSync(
      join(dir, 'queries.json'),
      JSON.stringify([
        {
          Id: 'cpu',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ECS',
              MetricName: 'CPUUtilization',
              Dimensions: [
                { Name: 'ClusterName', Value: 'cruddur' },
                { Name: 'ServiceName', Value: 'backend-flask' },
              ],
            },
            Period: 60,
            Stat: 'Average',
          },
        },
      ]),
    );
    const end = new Date(Date.now() + 60_000).toISOString();
    const start = new Date(Date.now() - 3600_000).toISOString();
    const data = (await aws(
      'cloudwatch',
      'get-metric-data',
      '--metric-data-queries',
      'file://queries.json',
      '--start-time',
      start,
      '--end-time',
      end,
    )) as {
      MetricDataResults: {
        Id: string;
        StatusCode: string;
        Timestamps: string[];
        Values: number[];
      }[];
    };
    const [cpu] = data.MetricDataResults;
    expect([cpu?.Id, cpu?.StatusCode]).toEqual(['cpu', 'Complete']);
    expect(cpu?.Values.length).toBeGreaterThan(0);
    expect(cpu?.Timestamps.length).toBe(cpu?.Values.length);
    expect(Number.isFinite(Date.parse(cpu?.Timestamps[0] ?? ''))).toBe(true);
    for (const value of cpu?.Values ?? []) expect(value).toBeGreaterThanOrEqual(10);

    const listed = (await aws(
      'cloudwatch',
      'list-metrics',
      '--namespace',
      'ECS/ContainerInsights',
      '--dimensions',
      'Name=ServiceName,Value=frontend-react-js',
    )) as { Metrics: { MetricName: string }[] };
    expect(listed.Metrics.map((m) => m.MetricName).sort()).toEqual([
      'DesiredTaskCount',
      'PendingTaskCount',
      'RunningTaskCount',
    ]);
  });
});

describe('aws ecr', () => {
  it('lists the scan findings of an image with describe-image-scan-findings', async () => {
    const out = (await aws(
      'ecr',
      'describe-image-scan-findings',
      '--repository-name',
      'backend-flask',
      '--image-id',
      'imageTag=latest',
    )) as {
      imageScanStatus: { status: string };
      imageScanFindings: { findingSeverityCounts: Record<string, number>; findings: unknown[] };
    };
    expect(out.imageScanStatus.status).toBe('COMPLETE');
    expect(out.imageScanFindings.findingSeverityCounts).toEqual({ MEDIUM: 2, LOW: 5 });
    // The CLI pages through every finding by itself.
    expect(out.imageScanFindings.findings).toHaveLength(7);
  });
});
