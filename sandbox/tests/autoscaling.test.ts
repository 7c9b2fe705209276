/** Application Auto Scaling for ECS services, through the real SDK client. */
import {
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  InvalidNextTokenException,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  ValidationException,
} from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });
const ECS = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const;
const BACKEND = 'service/cruddur/backend-flask';
const FRONTEND = 'service/cruddur/frontend-react-js';

const desiredCount = async (service: string) => {
  const { services = [] } = await h.ecs.send(
    new DescribeServicesCommand({ cluster: 'cruddur', services: [service] }),
  );
  return services[0]?.desiredCount;
};

describe('scalable targets', () => {
  it('has the seed target: backend-flask scales 1 to 4', async () => {
    const { ScalableTargets = [] } = await h.scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }),
    );
    expect(ScalableTargets).toHaveLength(1);
    const [target] = ScalableTargets;
    expect({
      ResourceId: target?.ResourceId,
      ScalableDimension: target?.ScalableDimension,
      MinCapacity: target?.MinCapacity,
      MaxCapacity: target?.MaxCapacity,
      SuspendedState: target?.SuspendedState,
    }).toEqual({
      ResourceId: BACKEND,
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 1,
      MaxCapacity: 4,
      SuspendedState: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
    });
    expect(target?.ScalableTargetARN).toMatch(
      /^arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target\/0e[0-9a-f]{34}$/,
    );
    expect(target?.CreationTime).toBeInstanceOf(Date);
  });

  it('moves the desired count into a new range at once, and records why', async () => {
    await h.scaling.send(
      new RegisterScalableTargetCommand({
        ...ECS,
        ResourceId: FRONTEND,
        MinCapacity: 2,
        MaxCapacity: 3,
      }),
    );
    expect(await desiredCount('frontend-react-js')).toBe(2);
    const { ScalingActivities = [] } = await h.scaling.send(
      new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId: FRONTEND }),
    );
    expect(
      ScalingActivities.map((a) => [a.Description, a.Cause, a.StatusCode, a.StatusMessage]),
    ).toEqual([
      [
        'Setting desired count to 2.',
        'minimum capacity was set to 2',
        'Successful',
        'Successfully set desired count to 2. Change successfully fulfilled by ecs.',
      ],
    ]);
    // Lowering the max below the count scales in; only MaxCapacity changes.
    await h.scaling.send(
      new RegisterScalableTargetCommand({ ...ECS, ResourceId: FRONTEND, MinCapacity: 1 }),
    );
    await h.scaling.send(
      new RegisterScalableTargetCommand({ ...ECS, ResourceId: FRONTEND, MaxCapacity: 1 }),
    );
    expect(await desiredCount('frontend-react-js')).toBe(1);
    const after = await h.scaling.send(
      new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId: FRONTEND }),
    );
    expect(after.ScalingActivities?.map((a) => a.Cause)).toEqual([
      'maximum capacity was set to 1',
      'minimum capacity was set to 2',
    ]);
    const { ScalableTargets = [] } = await h.scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [FRONTEND] }),
    );
    expect(ScalableTargets.map((t) => [t.MinCapacity, t.MaxCapacity])).toEqual([[1, 1]]);
    await h.scaling.send(new DeregisterScalableTargetCommand({ ...ECS, ResourceId: FRONTEND }));
  });

  it('refuses what AWS refuses', async () => {
    const attempts: [string, () => Promise<unknown>, unknown, string][] = [
      [
        'a new target without a max',
        () =>
          h.scaling.send(
            new RegisterScalableTargetCommand({ ...ECS, ResourceId: FRONTEND, MinCapacity: 1 }),
          ),
        ValidationException,
        'MinCapacity and MaxCapacity are required for registering a new scalable target.',
      ],
      [
        'min above max',
        () =>
          h.scaling.send(
            new RegisterScalableTargetCommand({ ...ECS, ResourceId: BACKEND, MinCapacity: 5 }),
          ),
        ValidationException,
        'Minimum capacity cannot be greater than maximum capacity. Minimum: 5, Maximum: 4',
      ],
      [
        'a service that does not exist',
        () =>
          h.scaling.send(
            new RegisterScalableTargetCommand({
              ...ECS,
              ResourceId: 'service/cruddur/nope',
              MinCapacity: 1,
              MaxCapacity: 2,
            }),
          ),
        ValidationException,
        "ECS service doesn't exist: service/cruddur/nope",
      ],
      [
        'a policy on an unregistered service',
        () =>
          h.scaling.send(
            new PutScalingPolicyCommand({
              ...ECS,
              PolicyName: 'p',
              ResourceId: FRONTEND,
              PolicyType: 'TargetTrackingScaling',
              TargetTrackingScalingPolicyConfiguration: {
                TargetValue: 50,
                PredefinedMetricSpecification: {
                  PredefinedMetricType: 'ECSServiceAverageCPUUtilization',
                },
              },
            }),
          ),
        ObjectNotFoundException,
        `No scalable target registered for service namespace: ecs, resource ID: ${FRONTEND}, scalable dimension: ecs:service:DesiredCount`,
      ],
      [
        'a token it did not issue',
        () =>
          h.scaling.send(
            new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', NextToken: 'forged' }),
          ),
        InvalidNextTokenException,
        'Invalid token',
      ],
    ];
    for (const [what, attempt, type, message] of attempts) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, what).toBeInstanceOf(type);
      expect((error as Error).message, what).toBe(message);
    }
    // Nothing changed.
    const { ScalableTargets = [] } = await h.scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }),
    );
    expect(ScalableTargets.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity])).toEqual([
      [BACKEND, 1, 4],
    ]);
  });
});

describe('scaling policies', () => {
  it('has the seed target tracking on CPU, with the two alarms it owns', async () => {
    const { ScalingPolicies = [] } = await h.scaling.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: BACKEND }),
    );
    expect(ScalingPolicies).toHaveLength(1);
    const [policy] = ScalingPolicies;
    expect(policy?.PolicyName).toBe('backend-flask-cpu70');
    expect(policy?.PolicyType).toBe('TargetTrackingScaling');
    expect(policy?.TargetTrackingScalingPolicyConfiguration).toEqual({
      TargetValue: 70,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      ScaleOutCooldown: 60,
      ScaleInCooldown: 300,
    });
    expect(policy?.PolicyARN).toMatch(
      /^arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:[0-9a-f-]{36}:resource\/ecs\/service\/cruddur\/backend-flask:policyName\/backend-flask-cpu70$/,
    );
    expect(policy?.Alarms?.map((a) => a.AlarmName?.replace(/[0-9a-f-]{36}$/, '<id>'))).toEqual([
      'TargetTracking-service/cruddur/backend-flask-AlarmHigh-<id>',
      'TargetTracking-service/cruddur/backend-flask-AlarmLow-<id>',
    ]);
  });

  it('replaces a policy of the same name in place and deletes it', async () => {
    const put = (target: number) =>
      h.scaling.send(
        new PutScalingPolicyCommand({
          ...ECS,
          PolicyName: 'memory',
          ResourceId: BACKEND,
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: target,
            PredefinedMetricSpecification: {
              PredefinedMetricType: 'ECSServiceAverageMemoryUtilization',
            },
          },
        }),
      );
    const first = await put(60);
    const second = await put(65);
    expect(second.PolicyARN).toBe(first.PolicyARN);
    const names = async () =>
      (
        await h.scaling.send(
          new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: BACKEND }),
        )
      ).ScalingPolicies?.map((p) => [
        p.PolicyName,
        p.TargetTrackingScalingPolicyConfiguration?.TargetValue,
      ]);
    expect(await names()).toEqual([
      ['backend-flask-cpu70', 70],
      ['memory', 65],
    ]);
    await h.scaling.send(
      new DeleteScalingPolicyCommand({ ...ECS, PolicyName: 'memory', ResourceId: BACKEND }),
    );
    expect(await names()).toEqual([['backend-flask-cpu70', 70]]);
    await expect(
      h.scaling.send(
        new DeleteScalingPolicyCommand({ ...ECS, PolicyName: 'memory', ResourceId: BACKEND }),
      ),
    ).rejects.toBeInstanceOf(ObjectNotFoundException);
  });
});
