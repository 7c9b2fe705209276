/**
 * Application Auto Scaling (awsJson1_1, `AnyScaleFrontendService.<Op>`) for ECS services:
 * scalable targets (`service/<cluster>/<service>`, `ecs:service:DesiredCount`) with their
 * min/max, scaling policies (target tracking, step) and the scaling activities they leave.
 * Registering a min above, or a max below, the service's desired count moves the count into
 * range at once, as AWS does, and records the activity. Errors are the service's own:
 * ValidationException, ObjectNotFoundException, InvalidNextTokenException.
 */
import { AwsError } from '../errors.js';
import { deleteAlarm, putAlarm, type Alarm } from '../cloudwatch/alarms.js';
import { optArray, optNumber, optObject, optString } from '../input.js';
import { epochSeconds, paginate, type JsonObject } from '../wire.js';
import type { World } from '../world.js';

export const ECS_DIMENSION = 'ecs:service:DesiredCount';

export interface ScalableTarget {
  resourceId: string;
  minCapacity: number;
  maxCapacity: number;
  arn: string;
  roleArn: string;
  createdAt: number;
  suspended: { in: boolean; out: boolean; scheduled: boolean };
  /** When the last scale-out / scale-in happened, for the policies' cooldowns. */
  lastScaleOutAt?: number;
  lastScaleInAt?: number;
}

export interface ScalingPolicy {
  name: string;
  arn: string;
  resourceId: string;
  type: 'TargetTrackingScaling' | 'StepScaling';
  targetTracking?: JsonObject;
  stepScaling?: JsonObject;
  alarms: { AlarmName: string; AlarmARN: string }[];
  createdAt: number;
}

export interface ScalingActivity {
  id: string;
  resourceId: string;
  description: string;
  cause: string;
  startedAt: number;
  endedAt: number;
  status: 'Successful' | 'Failed';
  statusMessage: string;
}

/** What Application Auto Scaling keeps, per region. */
export interface ScalingState {
  targets: Map<string, ScalableTarget>;
  policies: ScalingPolicy[];
  /** Oldest first; answered newest first. */
  activities: ScalingActivity[];
}

export const newScalingState = (): ScalingState => ({
  targets: new Map(),
  policies: [],
  activities: [],
});

/** A UUID from the world's random source, so a seeded run repeats itself. */
const uuid = (world: World) =>
  world.hex(32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

const validation = (message: string) => new AwsError('ValidationException', message);
const objectNotFound = (message: string) => new AwsError('ObjectNotFoundException', message);

const required = (input: JsonObject, key: string): string => {
  const value = optString(input, key);
  if (value === undefined || value === '') {
    const member = key[0]!.toLowerCase() + key.slice(1);
    throw validation(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
};

/** Only ECS services are simulated; other namespaces have nothing registered. */
function namespaceOf(input: JsonObject): string {
  const namespace = required(input, 'ServiceNamespace');
  const known = [
    'ecs',
    'elasticmapreduce',
    'ec2',
    'appstream',
    'dynamodb',
    'rds',
    'sagemaker',
    'custom-resource',
    'comprehend',
    'lambda',
    'cassandra',
    'kafka',
    'elasticache',
    'neptune',
    'workspaces',
  ];
  if (!known.includes(namespace)) {
    throw validation(
      `1 validation error detected: Value '${namespace}' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: [${known.join(', ')}]`,
    );
  }
  return namespace;
}

function dimensionOf(input: JsonObject, optional: boolean): string | undefined {
  const dimension = optional
    ? optString(input, 'ScalableDimension')
    : required(input, 'ScalableDimension');
  if (dimension !== undefined && !/^[a-z-]+:[a-zA-Z-]+:[A-Za-z]+$/.test(dimension)) {
    throw validation(
      `1 validation error detected: Value '${dimension}' at 'scalableDimension' failed to satisfy constraint: Member must satisfy enum value set`,
    );
  }
  return dimension;
}

/** `service/<cluster>/<service>` naming an active service. */
function ecsServiceOf(world: World, resourceId: string) {
  const match = /^service\/([^/]+)\/([^/]+)$/.exec(resourceId);
  if (!match) {
    throw validation(
      `Unsupported resource ID format for ecs: ${resourceId}. Expected service/<cluster>/<service>`,
    );
  }
  const service = world.services.get(match[1]!)?.get(match[2]!);
  if (!service || service.status !== 'ACTIVE') {
    throw validation(`ECS service doesn't exist: ${resourceId}`);
  }
  return service;
}

const notRegistered = (resourceId: string) =>
  objectNotFound(
    `No scalable target registered for service namespace: ecs, resource ID: ${resourceId}, scalable dimension: ${ECS_DIMENSION}`,
  );

function capacity(input: JsonObject, key: 'MinCapacity' | 'MaxCapacity'): number | undefined {
  const value = optNumber(input, key);
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw validation(`${key} must be a non-negative integer, got ${value}`);
  }
  return value;
}

function pageOf<T>(items: T[], input: JsonObject, query: string) {
  try {
    return paginate(items, {
      nextToken: optString(input, 'NextToken'),
      maxResults: optNumber(input, 'MaxResults'),
      defaultMax: 50,
      limit: 50,
      query,
      param: 'MaxResults',
    });
  } catch (error) {
    if (error instanceof AwsError && error.message.includes('nextToken')) {
      throw new AwsError('InvalidNextTokenException', 'Invalid token');
    }
    throw validation(
      "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 50",
    );
  }
}

/** Sets the service's desired count as Application Auto Scaling does: through ECS, recorded. */
export function scaleTo(
  world: World,
  target: ScalableTarget,
  count: number,
  cause: string,
  /** When it happens: a simulation step's time, or now for an API call. */
  now = world.now(),
): ScalingActivity {
  const service = ecsServiceOf(world, target.resourceId);
  service.desiredCount = count;
  const primary = service.deployments[0];
  if (primary) primary.desiredCount = count;
  service.steady = false;
  const activity: ScalingActivity = {
    id: uuid(world),
    resourceId: target.resourceId,
    description: `Setting desired count to ${count}.`,
    cause,
    startedAt: now,
    endedAt: now,
    status: 'Successful',
    statusMessage: `Successfully set desired count to ${count}. Change successfully fulfilled by ecs.`,
  };
  world.scaling.activities.push(activity);
  return activity;
}

export function registerScalableTarget(world: World, input: JsonObject) {
  const namespace = namespaceOf(input);
  const resourceId = required(input, 'ResourceId');
  dimensionOf(input, false);
  const min = capacity(input, 'MinCapacity');
  const max = capacity(input, 'MaxCapacity');
  if (namespace !== 'ecs' || input.ScalableDimension !== ECS_DIMENSION) {
    throw validation(
      `Unsupported service namespace, resource type or scalable dimension (the sandbox scales ECS services by ${ECS_DIMENSION})`,
    );
  }
  const service = ecsServiceOf(world, resourceId);
  const existing = world.scaling.targets.get(resourceId);
  if (!existing && (min === undefined || max === undefined)) {
    throw validation(
      'MinCapacity and MaxCapacity are required for registering a new scalable target.',
    );
  }
  const nextMin = min ?? existing!.minCapacity;
  const nextMax = max ?? existing!.maxCapacity;
  if (nextMin > nextMax) {
    throw validation(
      `Minimum capacity cannot be greater than maximum capacity. Minimum: ${nextMin}, Maximum: ${nextMax}`,
    );
  }
  const suspended = optObject(input, 'SuspendedState');
  const target: ScalableTarget = existing ?? {
    resourceId,
    minCapacity: nextMin,
    maxCapacity: nextMax,
    arn: world.arn('application-autoscaling', `scalable-target/0e${world.hex(34)}`),
    roleArn: `arn:aws:iam::${world.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
    createdAt: world.now(),
    suspended: { in: false, out: false, scheduled: false },
  };
  target.minCapacity = nextMin;
  target.maxCapacity = nextMax;
  if (suspended) {
    target.suspended = {
      in: suspended.DynamicScalingInSuspended === true,
      out: suspended.DynamicScalingOutSuspended === true,
      scheduled: suspended.ScheduledScalingSuspended === true,
    };
  }
  world.scaling.targets.set(resourceId, target);
  // A new range that excludes the current count moves it into range now.
  if (service.desiredCount < nextMin) {
    scaleTo(world, target, nextMin, `minimum capacity was set to ${nextMin}`);
  } else if (service.desiredCount > nextMax) {
    scaleTo(world, target, nextMax, `maximum capacity was set to ${nextMax}`);
  }
  return { ScalableTargetARN: target.arn };
}

export function deregisterScalableTarget(world: World, input: JsonObject) {
  namespaceOf(input);
  const resourceId = required(input, 'ResourceId');
  dimensionOf(input, false);
  if (!world.scaling.targets.delete(resourceId)) throw notRegistered(resourceId);
  for (const policy of world.scaling.policies.filter((p) => p.resourceId === resourceId)) {
    for (const alarm of policy.alarms) deleteAlarm(world, alarm.AlarmName);
  }
  world.scaling.policies = world.scaling.policies.filter((p) => p.resourceId !== resourceId);
  return {};
}

function describeTarget(target: ScalableTarget): JsonObject {
  return {
    ServiceNamespace: 'ecs',
    ResourceId: target.resourceId,
    ScalableDimension: ECS_DIMENSION,
    MinCapacity: target.minCapacity,
    MaxCapacity: target.maxCapacity,
    RoleARN: target.roleArn,
    CreationTime: epochSeconds(target.createdAt),
    SuspendedState: {
      DynamicScalingInSuspended: target.suspended.in,
      DynamicScalingOutSuspended: target.suspended.out,
      ScheduledScalingSuspended: target.suspended.scheduled,
    },
    ScalableTargetARN: target.arn,
  };
}

/** ResourceIds (up to 50) or every target, in registration order. */
export function describeScalableTargets(world: World, input: JsonObject) {
  const namespace = namespaceOf(input);
  const ids = optArray(input, 'ResourceIds');
  if (ids && (ids.length > 50 || ids.some((id) => typeof id !== 'string'))) {
    throw validation(
      "1 validation error detected: Value at 'resourceIds' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
  }
  const dimension = dimensionOf(input, true);
  const targets = [...world.scaling.targets.values()].filter(
    (target) =>
      namespace === 'ecs' &&
      (dimension === undefined || dimension === ECS_DIMENSION) &&
      (!ids?.length || ids.includes(target.resourceId)),
  );
  const { page, nextToken } = pageOf(targets, input, JSON.stringify([namespace, ids, dimension]));
  return {
    ScalableTargets: page.map(describeTarget),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

const PREDEFINED = [
  'ECSServiceAverageCPUUtilization',
  'ECSServiceAverageMemoryUtilization',
  'ALBRequestCountPerTarget',
];

function readTargetTracking(config: JsonObject | undefined): JsonObject {
  if (!config) {
    throw validation(
      'TargetTrackingScalingPolicyConfiguration is required for a policy of type TargetTrackingScaling',
    );
  }
  const value = optNumber(config, 'TargetValue');
  if (value === undefined || !(value > 0)) {
    throw validation('TargetValue must be greater than 0');
  }
  const predefined = optObject(config, 'PredefinedMetricSpecification');
  const custom = optObject(config, 'CustomizedMetricSpecification');
  if (!predefined === !custom) {
    throw validation(
      'Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified',
    );
  }
  const type = predefined ? optString(predefined, 'PredefinedMetricType') : undefined;
  if (predefined && (!type || !PREDEFINED.includes(type))) {
    throw validation(`Unsupported predefined metric type for ecs: ${type ?? 'null'}`);
  }
  return config;
}

export function putScalingPolicy(world: World, input: JsonObject) {
  const name = required(input, 'PolicyName');
  namespaceOf(input);
  const resourceId = required(input, 'ResourceId');
  dimensionOf(input, false);
  const type = optString(input, 'PolicyType') ?? 'StepScaling';
  if (type !== 'TargetTrackingScaling' && type !== 'StepScaling') {
    throw validation(`Unsupported policy type for ecs: ${type}`);
  }
  const target = world.scaling.targets.get(resourceId);
  if (!target) throw notRegistered(resourceId);
  const targetTracking =
    type === 'TargetTrackingScaling'
      ? readTargetTracking(optObject(input, 'TargetTrackingScalingPolicyConfiguration'))
      : undefined;
  const stepScaling =
    type === 'StepScaling' ? optObject(input, 'StepScalingPolicyConfiguration') : undefined;
  if (type === 'StepScaling' && !stepScaling) {
    throw validation('StepScalingPolicyConfiguration is required for a policy of type StepScaling');
  }
  const existing = world.scaling.policies.find(
    (policy) => policy.resourceId === resourceId && policy.name === name,
  );
  const id = uuid(world);
  const arn =
    existing?.arn ??
    world.arn('autoscaling', `scalingPolicy:${id}:resource/ecs/${resourceId}:policyName/${name}`);
  for (const alarm of existing?.alarms ?? []) deleteAlarm(world, alarm.AlarmName);
  // Target tracking creates and owns its two alarms; step scaling uses alarms you create.
  const alarms = targetTracking ? trackingAlarms(world, resourceId, arn, targetTracking) : [];
  const policy: ScalingPolicy = {
    name,
    arn,
    resourceId,
    type,
    ...(targetTracking ? { targetTracking } : {}),
    ...(stepScaling ? { stepScaling } : {}),
    alarms,
    createdAt: existing?.createdAt ?? world.now(),
  };
  world.scaling.policies = [...world.scaling.policies.filter((p) => p !== existing), policy];
  return { PolicyARN: policy.arn, ...(alarms.length ? { Alarms: alarms } : {}) };
}

export function deleteScalingPolicy(world: World, input: JsonObject) {
  const name = required(input, 'PolicyName');
  namespaceOf(input);
  const resourceId = required(input, 'ResourceId');
  dimensionOf(input, false);
  const doomed = world.scaling.policies.find(
    (policy) => policy.resourceId === resourceId && policy.name === name,
  );
  for (const alarm of doomed?.alarms ?? []) deleteAlarm(world, alarm.AlarmName);
  world.scaling.policies = world.scaling.policies.filter((policy) => policy !== doomed);
  if (!doomed) {
    throw objectNotFound(
      `No scaling policy found for service namespace: ecs, resource ID: ${resourceId}, scalable dimension: ${ECS_DIMENSION}, policy name: ${name}`,
    );
  }
  return {};
}

export function describeScalingPolicies(world: World, input: JsonObject) {
  const namespace = namespaceOf(input);
  const names = optArray(input, 'PolicyNames');
  const resourceId = optString(input, 'ResourceId');
  const dimension = dimensionOf(input, true);
  const policies = world.scaling.policies.filter(
    (policy) =>
      namespace === 'ecs' &&
      (dimension === undefined || dimension === ECS_DIMENSION) &&
      (resourceId === undefined || policy.resourceId === resourceId) &&
      (!names?.length || names.includes(policy.name)),
  );
  const { page, nextToken } = pageOf(
    policies,
    input,
    JSON.stringify([namespace, names, resourceId, dimension]),
  );
  return {
    ScalingPolicies: page.map((policy) => ({
      PolicyARN: policy.arn,
      PolicyName: policy.name,
      ServiceNamespace: 'ecs',
      ResourceId: policy.resourceId,
      ScalableDimension: ECS_DIMENSION,
      PolicyType: policy.type,
      ...(policy.targetTracking
        ? { TargetTrackingScalingPolicyConfiguration: policy.targetTracking }
        : {}),
      ...(policy.stepScaling ? { StepScalingPolicyConfiguration: policy.stepScaling } : {}),
      Alarms: policy.alarms,
      CreationTime: epochSeconds(policy.createdAt),
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

/** Newest first, as AWS answers. */
export function describeScalingActivities(world: World, input: JsonObject) {
  const namespace = namespaceOf(input);
  const resourceId = optString(input, 'ResourceId');
  const dimension = dimensionOf(input, true);
  const activities = world.scaling.activities
    .filter(
      (activity) =>
        namespace === 'ecs' &&
        (dimension === undefined || dimension === ECS_DIMENSION) &&
        (resourceId === undefined || activity.resourceId === resourceId),
    )
    .reverse();
  const { page, nextToken } = pageOf(
    activities,
    input,
    JSON.stringify([namespace, resourceId, dimension]),
  );
  return {
    ScalingActivities: page.map((activity) => ({
      ActivityId: activity.id,
      ServiceNamespace: 'ecs',
      ResourceId: activity.resourceId,
      ScalableDimension: ECS_DIMENSION,
      Description: activity.description,
      Cause: activity.cause,
      StartTime: epochSeconds(activity.startedAt),
      EndTime: epochSeconds(activity.endedAt),
      StatusCode: activity.status,
      StatusMessage: activity.statusMessage,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

const TRACKED_METRICS: Record<string, string> = {
  ECSServiceAverageCPUUtilization: 'CPUUtilization',
  ECSServiceAverageMemoryUtilization: 'MemoryUtilization',
};

/**
 * The alarm pair a target-tracking policy creates, as AWS names and tunes them: AlarmHigh after
 * 3 minutes above the target (scale out quickly), AlarmLow after 15 minutes below 90 % of it
 * (scale in cautiously). Request-count tracking is not simulated: no alarms.
 */
function trackingAlarms(
  world: World,
  resourceId: string,
  policyArn: string,
  config: JsonObject,
): { AlarmName: string; AlarmARN: string }[] {
  const predefined = (config.PredefinedMetricSpecification ?? {}) as JsonObject;
  const type = predefined.PredefinedMetricType;
  const metric = typeof type === 'string' ? TRACKED_METRICS[type] : undefined;
  const [, cluster = '', service = ''] = resourceId.split('/');
  if (!metric) return [];
  const target = Number(config.TargetValue);
  const common = {
    description: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${policyArn}.`,
    namespace: 'AWS/ECS',
    metricName: metric,
    dimensions: [
      { Name: 'ClusterName', Value: cluster },
      { Name: 'ServiceName', Value: service },
    ],
    statistic: 'Average' as const,
    period: 60,
    actions: [policyArn],
  };
  const high = putAlarm(world, {
    ...common,
    name: `TargetTracking-${resourceId}-AlarmHigh-${uuid(world)}`,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: target,
    comparison: 'GreaterThanThreshold',
  });
  const low =
    config.DisableScaleIn === true
      ? undefined
      : putAlarm(world, {
          ...common,
          name: `TargetTracking-${resourceId}-AlarmLow-${uuid(world)}`,
          evaluationPeriods: 15,
          datapointsToAlarm: 15,
          threshold: Math.round(target * 0.9 * 100) / 100,
          comparison: 'LessThanThreshold',
        });
  return [high, ...(low ? [low] : [])].map((alarm) => ({
    AlarmName: alarm.name,
    AlarmARN: alarm.arn,
  }));
}

/**
 * Runs the target-tracking policies an alarm in ALARM names: out to the count that would bring
 * the metric to the target (at most max), or in by one task (at least min), each after its
 * cooldown; every change is a scaling activity naming the alarm and the policy.
 */
export function runAlarmActions(world: World, alarm: Alarm, at: number) {
  for (const arn of alarm.actions) {
    const policy = world.scaling.policies.find((p) => p.arn === arn);
    const target = policy && world.scaling.targets.get(policy.resourceId);
    const config = policy?.targetTracking;
    if (!policy || !target || !config) continue;
    const service = world.services
      .get(policy.resourceId.split('/')[1] ?? '')
      ?.get(policy.resourceId.split('/')[2] ?? '');
    if (!service || service.status !== 'ACTIVE') continue;
    const value = alarm.datapoints.at(-1)?.value ?? 0;
    const goal = Number(config.TargetValue);
    const current = service.desiredCount;
    const wanted = Math.ceil((Math.max(current, 1) * value) / goal);
    const scaleOut = alarm.comparison.startsWith('Greater');
    const cooldown = Number((scaleOut ? config.ScaleOutCooldown : config.ScaleInCooldown) ?? 300);
    const last = scaleOut ? target.lastScaleOutAt : target.lastScaleInAt;
    if (last !== undefined && at - last < world.clock.ms(cooldown)) continue;
    const next = scaleOut
      ? Math.min(target.maxCapacity, Math.max(current + 1, wanted))
      : Math.max(target.minCapacity, Math.min(current - 1, wanted));
    if (next === current || (scaleOut ? target.suspended.out : target.suspended.in)) continue;
    scaleTo(
      world,
      target,
      next,
      `monitor alarm ${alarm.name} in state ALARM triggered policy ${policy.name}`,
      at,
    );
    if (scaleOut) target.lastScaleOutAt = at;
    else target.lastScaleInAt = at;
  }
}
