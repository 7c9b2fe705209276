import 'server-only';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elb } from './clients';
import { KEYS } from './cache-keys';
import { readThrough, type Fetched } from './read-cache';
import type { Service } from './types';

/** A target's health as the load balancer reports it (initial, healthy, unhealthy, draining…). */
export interface TargetHealth {
  /** The task's private IP (target type ip, as Fargate needs). */
  id: string;
  port?: number;
  state: string;
  /** Target.FailedHealthChecks, Elb.InitialHealthChecking, … */
  reason?: string;
  description?: string;
}

export interface TargetGroupHealth {
  arn: string;
  name: string;
  containerName: string;
  containerPort: number;
  healthCheck: {
    protocol?: string;
    path?: string;
    port?: string;
    intervalSeconds?: number;
    timeoutSeconds?: number;
    healthyThreshold?: number;
    unhealthyThreshold?: number;
    matcher?: string;
  };
  loadBalancers: { arn: string; name: string; dnsName?: string }[];
  targets: TargetHealth[];
}

/**
 * The health of every target of the service's target groups: one DescribeTargetGroups and one
 * DescribeLoadBalancers for all of them, one DescribeTargetHealth per group (the API takes one
 * group a call). Shared by every viewer for BERTH_CACHE_TTL_MS.
 */
export function getServiceTargets(service: Service): Promise<Fetched<TargetGroupHealth[]>> {
  const arns = [...new Set(service.loadBalancers.map((lb) => lb.targetGroupArn))];
  return readThrough(
    KEYS.targets(service.clusterName, service.name, arns.join(',')),
    'elasticloadbalancing:DescribeTargetGroups',
    async () => {
      if (!arns.length) return [];
      const client = elb();
      const { TargetGroups = [] } = await client.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: arns }),
      );
      const lbArns = [...new Set(TargetGroups.flatMap((group) => group.LoadBalancerArns ?? []))];
      const [health, balancers] = await Promise.all([
        Promise.all(
          TargetGroups.map((group) =>
            client.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn })),
          ),
        ),
        lbArns.length
          ? client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: lbArns }))
          : Promise.resolve({ LoadBalancers: [] }),
      ]);
      return TargetGroups.map((group, index) => {
        const binding = service.loadBalancers.find(
          (lb) => lb.targetGroupArn === group.TargetGroupArn,
        );
        return {
          arn: group.TargetGroupArn ?? '',
          name: group.TargetGroupName ?? '',
          containerName: binding?.containerName ?? '',
          containerPort: binding?.containerPort ?? 0,
          healthCheck: {
            protocol: group.HealthCheckProtocol,
            path: group.HealthCheckPath,
            port: group.HealthCheckPort,
            intervalSeconds: group.HealthCheckIntervalSeconds,
            timeoutSeconds: group.HealthCheckTimeoutSeconds,
            healthyThreshold: group.HealthyThresholdCount,
            unhealthyThreshold: group.UnhealthyThresholdCount,
            matcher: group.Matcher?.HttpCode ?? group.Matcher?.GrpcCode,
          },
          loadBalancers: (balancers.LoadBalancers ?? [])
            .filter((lb) => group.LoadBalancerArns?.includes(lb.LoadBalancerArn ?? ''))
            .map((lb) => ({
              arn: lb.LoadBalancerArn ?? '',
              name: lb.LoadBalancerName ?? '',
              dnsName: lb.DNSName,
            })),
          targets: (health[index]?.TargetHealthDescriptions ?? []).map((d) => ({
            id: d.Target?.Id ?? '',
            port: d.Target?.Port,
            state: d.TargetHealth?.State ?? 'unavailable',
            ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
            ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
          })),
        };
      });
    },
  );
}
