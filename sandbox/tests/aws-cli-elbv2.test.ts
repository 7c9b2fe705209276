/** The seed's load balancer through Debian's AWS CLI v2 (query protocol, XML answers). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsCli } from './aws-cli.js';
import { setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });
const aws = awsCli(h, mkdtempSync(join(tmpdir(), 'berth-cli-elb-')));

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
