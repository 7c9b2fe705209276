import 'server-only';
import {
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  RegisterScalableTargetCommand,
  type ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import { autoScaling } from './clients';
import { clusterScope, KEYS } from './cache-keys';
import { AwsCallError, toAwsFailure } from './errors';
import { invalidate, readThrough, type Fetched } from './read-cache';

/** How Application Auto Scaling names an ECS service's desired count. */
const ECS = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const;
export const scalingResourceId = (cluster: string, service: string) =>
  `service/${cluster}/${service}`;

/** How many recent scaling activities the service page shows. */
export const RECENT_ACTIVITIES = 10;

export interface ScalingPolicySummary {
  name: string;
  /** TargetTrackingScaling, StepScaling or PredictiveScaling. */
  type: string;
  /** Target tracking: the metric (ECSServiceAverageCPUUtilization, …) and its target. */
  metric?: string;
  targetValue?: number;
  scaleOutCooldown?: number;
  scaleInCooldown?: number;
  disableScaleIn?: boolean;
  alarms: string[];
}

export interface ScalingActivitySummary {
  id: string;
  startedAt: number;
  description: string;
  cause: string;
  status: string;
  statusMessage?: string;
}

/** A service's auto scaling: its range, policies and what they did lately. */
export interface ServiceScaling {
  min: number;
  max: number;
  /** Dynamic scaling suspended (in, out) or scheduled scaling suspended. */
  suspended: string[];
  policies: ScalingPolicySummary[];
  activities: ScalingActivitySummary[];
}

function summarizePolicy(policy: ScalingPolicy): ScalingPolicySummary {
  const tracking = policy.TargetTrackingScalingPolicyConfiguration;
  return {
    name: policy.PolicyName ?? '',
    type: policy.PolicyType ?? 'StepScaling',
    ...(tracking
      ? {
          metric:
            tracking.PredefinedMetricSpecification?.PredefinedMetricType ??
            tracking.CustomizedMetricSpecification?.MetricName ??
            'custom metric',
          targetValue: tracking.TargetValue,
          scaleOutCooldown: tracking.ScaleOutCooldown,
          scaleInCooldown: tracking.ScaleInCooldown,
          disableScaleIn: tracking.DisableScaleIn ?? false,
        }
      : {}),
    alarms: (policy.Alarms ?? []).map((alarm) => alarm.AlarmName ?? '').filter(Boolean),
  };
}

/**
 * The service's scalable target, or null when auto scaling does not manage it: one
 * DescribeScalableTargets, and only for a managed service a DescribeScalingPolicies and a
 * DescribeScalingActivities (in parallel). Shared by every viewer for BERTH_CACHE_TTL_MS.
 */
export function getServiceScaling(
  cluster: string,
  service: string,
): Promise<Fetched<ServiceScaling | null>> {
  const ResourceId = scalingResourceId(cluster, service);
  return readThrough(
    KEYS.scaling(cluster, service),
    'application-autoscaling:DescribeScalableTargets',
    async () => {
      const client = autoScaling();
      const { ScalableTargets = [] } = await client.send(
        new DescribeScalableTargetsCommand({ ...ECS, ResourceIds: [ResourceId] }),
      );
      const target = ScalableTargets.find((t) => t.ResourceId === ResourceId);
      if (!target) return null;
      const [policies, activities] = await Promise.all([
        client.send(new DescribeScalingPoliciesCommand({ ...ECS, ResourceId })),
        client.send(
          new DescribeScalingActivitiesCommand({
            ...ECS,
            ResourceId,
            MaxResults: RECENT_ACTIVITIES,
          }),
        ),
      ]);
      const suspended = target.SuspendedState;
      return {
        min: target.MinCapacity ?? 0,
        max: target.MaxCapacity ?? 0,
        suspended: [
          ...(suspended?.DynamicScalingOutSuspended ? ['scale-out'] : []),
          ...(suspended?.DynamicScalingInSuspended ? ['scale-in'] : []),
          ...(suspended?.ScheduledScalingSuspended ? ['scheduled'] : []),
        ],
        policies: (policies.ScalingPolicies ?? []).map(summarizePolicy),
        activities: (activities.ScalingActivities ?? []).map((activity) => ({
          id: activity.ActivityId ?? '',
          startedAt: activity.StartTime?.getTime() ?? 0,
          description: activity.Description ?? '',
          cause: activity.Cause ?? '',
          status: activity.StatusCode ?? '',
          ...(activity.StatusMessage ? { statusMessage: activity.StatusMessage } : {}),
        })),
      };
    },
  );
}

/**
 * RegisterScalableTarget on an already managed service: its new range. (Application Auto
 * Scaling moves a desired count outside the new range into it at once.)
 */
export async function setScalingRange(
  cluster: string,
  service: string,
  min: number,
  max: number,
): Promise<{ requestId?: string }> {
  try {
    const out = await autoScaling().send(
      new RegisterScalableTargetCommand({
        ...ECS,
        ResourceId: scalingResourceId(cluster, service),
        MinCapacity: min,
        MaxCapacity: max,
      }),
    );
    return { requestId: out.$metadata.requestId };
  } catch (error) {
    // Named for what failed, not for the UpdateService of the action it is part of.
    throw new AwsCallError(toAwsFailure(error, 'application-autoscaling:RegisterScalableTarget'));
  } finally {
    invalidate(...clusterScope(cluster));
  }
}
