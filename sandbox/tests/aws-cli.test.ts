/**
 * The seed document's own AWS CLI v2 commands, unchanged but for --endpoint-url, against the
 * sandbox. `npm test` installs Debian's awscli first where it can (scripts/ensure-test-tools.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendFlaskDefinition, cruddurService } from '../seed.js';
import { awsCli, findAwsCliV2 } from './aws-cli.js';
import { eventually, setupSandbox } from './harness.js';

const run = promisify(execFile);
const h = setupSandbox({ seed: 'empty' });
const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));

const aws = awsCli(h, dir);

beforeAll(async () => {
  const { stdout } = await run(findAwsCliV2(), ['--version']);
  expect(stdout).toMatch(/^aws-cli\/2\./);
  const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
  writeFileSync(
    join(dir, 'backend-flask.json'),
    JSON.stringify(backendFlaskDefinition(registry, 'us-east-1', 'cruddur', true, role), null, 2),
  );
  writeFileSync(
    join(dir, 'service-backend-flask.json'),
    JSON.stringify(cruddurService('backend-flask', 4567)),
  );
});

describe('AWS CLI v2 session from the seed document', () => {
  it('creates the cluster, registers the task definition and deploys the service', async () => {
    const created = (await aws(
      'ecs',
      'create-cluster',
      '--cluster-name',
      'cruddur',
      '--service-connect-defaults',
      'namespace=cruddur',
    )) as {
      cluster: { clusterName: string; serviceConnectDefaults: { namespace: string } };
    };
    expect(created.cluster.clusterName).toBe('cruddur');
    expect(created.cluster.serviceConnectDefaults.namespace).toMatch(/^arn:aws:servicediscovery:/);

    await aws(
      'ecr',
      'create-repository',
      '--repository-name',
      'backend-flask',
      '--image-tag-mutability',
      'MUTABLE',
    );
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      layers: [],
    });
    await aws(
      'ecr',
      'put-image',
      '--repository-name',
      'backend-flask',
      '--image-tag',
      'latest',
      '--image-manifest',
      manifest,
    );
    await aws('logs', 'create-log-group', '--log-group-name', 'cruddur');

    const registered = (await aws(
      'ecs',
      'register-task-definition',
      '--cli-input-json',
      'file://backend-flask.json',
    )) as {
      taskDefinition: {
        revision: number;
        status: string;
        containerDefinitions: { name: string }[];
      };
    };
    expect(registered.taskDefinition).toMatchObject({ revision: 1, status: 'ACTIVE' });
    expect(registered.taskDefinition.containerDefinitions.map((c) => c.name)).toEqual([
      'xray',
      'backend-flask',
    ]);

    await aws('ecs', 'create-service', '--cli-input-json', 'file://service-backend-flask.json');
    await eventually(
      'the service to complete its deployment',
      async () => {
        const out = (await aws(
          'ecs',
          'describe-services',
          '--cluster',
          'cruddur',
          '--services',
          'backend-flask',
        )) as {
          services: { runningCount: number; deployments: { rolloutState: string }[] }[];
        };
        return (
          out.services[0]?.deployments[0]?.rolloutState === 'COMPLETED' &&
          out.services[0].runningCount === 1
        );
      },
      30_000,
    );

    // The check the seed document ran by hand: is exec enabled on the task itself?
    const listed = (await aws(
      'ecs',
      'list-tasks',
      '--cluster',
      'cruddur',
      '--service-name',
      'backend-flask',
    )) as { taskArns: string[] };
    const described = (await aws(
      'ecs',
      'describe-tasks',
      '--cluster',
      'cruddur',
      '--tasks',
      ...listed.taskArns,
    )) as {
      tasks: { enableExecuteCommand: boolean; containers: { name: string }[] }[];
    };
    expect(described.tasks[0]?.enableExecuteCommand).toBe(true);
    expect(described.tasks[0]?.containers.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'xray',
        'backend-flask',
        expect.stringMatching(/^ecs-service-connect-/),
      ]),
    );

    const updated = (await aws(
      'ecs',
      'update-service',
      '--cluster',
      'cruddur',
      '--service',
      'backend-flask',
      '--force-new-deployment',
    )) as {
      service: { deployments: { status: string }[] };
    };
    expect(updated.service.deployments.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE']);
  });

  it('sets up auto scaling for the service as the ECS docs do, and reads it back', async () => {
    const scaling = [
      '--service-namespace',
      'ecs',
      '--scalable-dimension',
      'ecs:service:DesiredCount',
    ];
    const resource = ['--resource-id', 'service/cruddur/backend-flask'];
    // CLI 2.9's model predates ScalableTargetARN in the answer; describe shows the target.
    await aws(
      'application-autoscaling',
      'register-scalable-target',
      ...scaling,
      ...resource,
      '--min-capacity',
      '2',
      '--max-capacity',
      '4',
    );
    writeFileSync(
      join(dir, 'cpu70.json'),
      JSON.stringify({
        TargetValue: 70,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    );
    const policy = (await aws(
      'application-autoscaling',
      'put-scaling-policy',
      ...scaling,
      ...resource,
      '--policy-name',
      'cpu70',
      '--policy-type',
      'TargetTrackingScaling',
      '--target-tracking-scaling-policy-configuration',
      'file://cpu70.json',
    )) as { PolicyARN: string; Alarms: { AlarmName: string }[] };
    expect(policy.Alarms).toHaveLength(2);
    const targets = (await aws(
      'application-autoscaling',
      'describe-scalable-targets',
      '--service-namespace',
      'ecs',
    )) as { ScalableTargets: { ResourceId: string; MinCapacity: number; MaxCapacity: number }[] };
    expect(
      targets.ScalableTargets.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity]),
    ).toEqual([['service/cruddur/backend-flask', 2, 4]]);
    const policies = (await aws(
      'application-autoscaling',
      'describe-scaling-policies',
      '--service-namespace',
      'ecs',
      ...resource,
    )) as { ScalingPolicies: { PolicyName: string; PolicyARN: string }[] };
    expect(policies.ScalingPolicies.map((p) => [p.PolicyName, p.PolicyARN])).toEqual([
      ['cpu70', policy.PolicyARN],
    ]);
    // The service ran 1 task; a minimum of 2 scaled it out at once.
    const activities = (await aws(
      'application-autoscaling',
      'describe-scaling-activities',
      '--service-namespace',
      'ecs',
      ...resource,
    )) as { ScalingActivities: { Description: string; Cause: string }[] };
    expect(activities.ScalingActivities.map((a) => [a.Description, a.Cause])).toEqual([
      ['Setting desired count to 2.', 'minimum capacity was set to 2'],
    ]);
    const failure = await aws(
      'application-autoscaling',
      'describe-scaling-activities',
      '--service-namespace',
      'ecs',
      '--next-token',
      'forged',
    ).catch((e: { stderr: string }) => e.stderr);
    expect(failure).toContain(
      'An error occurred (InvalidNextTokenException) when calling the DescribeScalingActivities operation: Invalid token',
    );
  });

  it('reports AWS errors the way the CLI prints them', async () => {
    const failure = await aws(
      'ecs',
      'describe-services',
      '--cluster',
      'nope',
      '--services',
      'x',
    ).catch((e: { stderr: string }) => e.stderr);
    expect(failure).toContain(
      'An error occurred (ClusterNotFoundException) when calling the DescribeServices operation: Cluster not found.',
    );
  });
});
