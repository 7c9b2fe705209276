/**
 * Elastic Load Balancing v2 (query protocol, version 2015-12-01) as an ECS service behind an
 * Application Load Balancer sees it: load balancers, target groups (target type `ip`, as
 * Fargate needs) and their targets. ECS registers a task's private IP when the task runs; the
 * group's health check moves a target from `initial` to `healthy` after HealthyThresholdCount
 * passing checks, or to `unhealthy` after UnhealthyThresholdCount failures (an image whose
 * behaviour is `unhealthy` or `crash` fails them); a stopping task's target drains for the
 * group's deregistration delay, then is gone. ECS stops a task whose target has been unhealthy
 * for a check interval, once the service's health check grace period has passed.
 */
import { zoneOf } from '../ecs/placement.js';
import { AwsError } from '../errors.js';
import type { Service, Task } from '../ecs/model.js';
import { queryList, queryString } from '../query.js';
import type { JsonObject } from '../wire.js';
import type { World } from '../world.js';

export const ELB_NAMESPACE = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

export interface LoadBalancer {
  arn: string;
  name: string;
  dnsName: string;
  createdAt: number;
  securityGroups: string[];
  subnets: string[];
}

export interface TargetGroup {
  arn: string;
  name: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  loadBalancerArns: string[];
  healthCheckPath: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  matcher: string;
  deregistrationDelaySeconds: number;
}

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining';

export interface Target {
  id: string;
  port: number;
  taskArn: string;
  /** The zone of the task's subnet: the target is its IP there. */
  availabilityZone: string;
  state: TargetState;
  /** When the target entered its state (simulated ms). */
  since: number;
}

export interface LoadBalancingState {
  loadBalancers: Map<string, LoadBalancer>;
  targetGroups: Map<string, TargetGroup>;
  /** Targets per target group ARN. */
  targets: Map<string, Target[]>;
}

export const newLoadBalancingState = (): LoadBalancingState => ({
  loadBalancers: new Map(),
  targetGroups: new Map(),
  targets: new Map(),
});

const targetGroupNotFound = () =>
  new AwsError('TargetGroupNotFound', 'One or more target groups not found');
const loadBalancerNotFound = () =>
  new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');

/** Creates an internet-facing ALB (the seed's; there is no CreateLoadBalancer on the wire yet). */
export function addLoadBalancer(world: World, name: string): LoadBalancer {
  const id = world.hex(16);
  const lb: LoadBalancer = {
    arn: world.arn('elasticloadbalancing', `loadbalancer/app/${name}/${id}`),
    name,
    dnsName: `${name}-${parseInt(id.slice(0, 8), 16) % 1_000_000_000}.${world.region}.elb.amazonaws.com`,
    createdAt: world.now(),
    securityGroups: ['sg-0d4e5f60718293a4b'],
    subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829'],
  };
  world.elb.loadBalancers.set(lb.arn, lb);
  return lb;
}

export function addTargetGroup(
  world: World,
  lb: LoadBalancer,
  settings: { name: string; port: number; healthCheckPath: string },
): TargetGroup {
  const group: TargetGroup = {
    arn: world.arn('elasticloadbalancing', `targetgroup/${settings.name}/${world.hex(16)}`),
    name: settings.name,
    port: settings.port,
    protocol: 'HTTP',
    loadBalancerArns: [lb.arn],
    healthCheckPath: settings.healthCheckPath,
    intervalSeconds: 30,
    timeoutSeconds: 5,
    healthyThreshold: 5,
    unhealthyThreshold: 2,
    matcher: '200',
    deregistrationDelaySeconds: 300,
  };
  world.elb.targetGroups.set(group.arn, group);
  world.elb.targets.set(group.arn, []);
  return group;
}

function describeLoadBalancer(world: World, lb: LoadBalancer) {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    CreatedTime: new Date(lb.createdAt),
    LoadBalancerName: lb.name,
    Scheme: 'internet-facing',
    VpcId: 'vpc-0e5f607182930a4b5',
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: lb.subnets.map((subnet) => ({
      ZoneName: zoneOf(world, subnet),
      SubnetId: subnet,
    })),
    SecurityGroups: lb.securityGroups,
    IpAddressType: 'ipv4',
  };
}

export function describeLoadBalancers(world: World, params: JsonObject) {
  const arns = queryList(params, 'LoadBalancerArns');
  const names = queryList(params, 'Names');
  const all = [...world.elb.loadBalancers.values()];
  const found = all.filter(
    (lb) => (!arns.length || arns.includes(lb.arn)) && (!names.length || names.includes(lb.name)),
  );
  if ((arns.length || names.length) && found.length < arns.length + names.length) {
    throw loadBalancerNotFound();
  }
  return { LoadBalancers: found.map((lb) => describeLoadBalancer(world, lb)) };
}

function describeTargetGroup(group: TargetGroup) {
  return {
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: group.protocol,
    Port: group.port,
    VpcId: 'vpc-0e5f607182930a4b5',
    HealthCheckProtocol: group.protocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: group.intervalSeconds,
    HealthCheckTimeoutSeconds: group.timeoutSeconds,
    HealthyThresholdCount: group.healthyThreshold,
    UnhealthyThresholdCount: group.unhealthyThreshold,
    HealthCheckPath: group.healthCheckPath,
    Matcher: { HttpCode: group.matcher },
    LoadBalancerArns: group.loadBalancerArns,
    TargetType: 'ip',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

export function describeTargetGroups(world: World, params: JsonObject) {
  const lbArn = params.LoadBalancerArn;
  const arns = queryList(params, 'TargetGroupArns');
  const names = queryList(params, 'Names');
  if (typeof lbArn === 'string' && !world.elb.loadBalancers.has(lbArn)) {
    throw loadBalancerNotFound();
  }
  const found = [...world.elb.targetGroups.values()].filter(
    (group) =>
      (typeof lbArn !== 'string' || group.loadBalancerArns.includes(lbArn)) &&
      (!arns.length || arns.includes(group.arn)) &&
      (!names.length || names.includes(group.name)),
  );
  if (found.length < arns.length + names.length) throw targetGroupNotFound();
  return { TargetGroups: found.map(describeTargetGroup) };
}

const REASONS: Record<TargetState, { Reason?: string; Description?: string }> = {
  initial: {
    Reason: 'Elb.InitialHealthChecking',
    Description: 'Initial health checks in progress',
  },
  healthy: {},
  unhealthy: { Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' },
  draining: {
    Reason: 'Target.DeregistrationInProgress',
    Description: 'Target deregistration is in progress',
  },
};

export function describeTargetHealth(world: World, params: JsonObject) {
  const arn = queryString(params, 'TargetGroupArn');
  const targets = world.elb.targets.get(arn);
  if (!targets) throw targetGroupNotFound();
  return {
    TargetHealthDescriptions: targets.map((target) => ({
      Target: { Id: target.id, Port: target.port, AvailabilityZone: target.availabilityZone },
      HealthCheckPort: String(target.port),
      TargetHealth: { State: target.state, ...REASONS[target.state] },
    })),
  };
}

/** The service's load balancer settings as ECS keeps them: target group, container, port. */
export interface ServiceLoadBalancer {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
}

/** Checks a service's `loadBalancers` as CreateService/UpdateService do. */
export function checkLoadBalancers(world: World, value: unknown): ServiceLoadBalancer[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new AwsError('InvalidParameterException', 'loadBalancers must be a list.');
  }
  return value.map((item: unknown) => {
    const entry = (item ?? {}) as JsonObject;
    const arn = entry.targetGroupArn;
    if (typeof arn !== 'string' || !world.elb.targetGroups.has(arn)) {
      throw new AwsError(
        'InvalidParameterException',
        `Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions. (target group ${JSON.stringify(arn ?? null)} not found)`,
      );
    }
    if (typeof entry.containerName !== 'string' || typeof entry.containerPort !== 'number') {
      throw new AwsError(
        'InvalidParameterException',
        'loadBalancers need a containerName and a containerPort.',
      );
    }
    return {
      targetGroupArn: arn,
      containerName: entry.containerName,
      containerPort: entry.containerPort,
    };
  });
}

const failsChecks = (task: Task, container: string) => {
  const behaviour = task.containers.find((c) => c.name === container)?.behaviour;
  return behaviour === 'unhealthy' || behaviour === 'crash';
};

/**
 * Whether the load balancer finds `task` healthy in every target group of its service (true
 * for a service without one). ECS counts a task behind a load balancer toward a deployment
 * only then, not when the containers' own checks pass: a rollout waits for its targets.
 */
export function passesLoadBalancerChecks(world: World, service: Service, task: Task): boolean {
  return service.loadBalancers.every((binding) => {
    const targets = world.elb.targets.get(binding.targetGroupArn);
    if (!targets) return true;
    return targets.some((t) => t.taskArn === task.arn && t.state === 'healthy');
  });
}

/**
 * One simulation step for the targets of `service`: register running tasks, run health
 * checks, drain stopping tasks, and stop a task whose target failed past the grace period.
 * Returns the tasks ECS should stop for failing ELB health checks.
 */
export function advanceTargets(
  world: World,
  service: Service,
  tasks: Task[],
  at: number,
): { task: Task; targetGroup: TargetGroup }[] {
  const failing: { task: Task; targetGroup: TargetGroup }[] = [];
  for (const binding of service.loadBalancers) {
    const group = world.elb.targetGroups.get(binding.targetGroupArn);
    const targets = world.elb.targets.get(binding.targetGroupArn);
    if (!group || !targets) continue;
    for (const task of tasks) {
      const registered = targets.some((t) => t.taskArn === task.arn);
      if (!registered && task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING') {
        targets.push({
          id: task.eni.privateIp,
          port: binding.containerPort,
          taskArn: task.arn,
          availabilityZone: task.availabilityZone,
          state: 'initial',
          since: at,
        });
      }
    }
    const seconds = (ms: number) => ms / world.clock.ms(1);
    for (const target of [...targets]) {
      const task = world.tasks.get(target.taskArn);
      const leaving = !task || task.desiredStatus === 'STOPPED' || task.lastStatus === 'STOPPED';
      if (leaving && target.state !== 'draining') {
        Object.assign(target, { state: 'draining', since: at });
      } else if (target.state === 'draining') {
        if (seconds(at - target.since) >= group.deregistrationDelaySeconds) {
          targets.splice(targets.indexOf(target), 1);
        }
      } else if (task && target.state === 'initial') {
        const fails = failsChecks(task, binding.containerName);
        const checks = fails ? group.unhealthyThreshold : group.healthyThreshold;
        if (seconds(at - target.since) >= checks * group.intervalSeconds) {
          Object.assign(target, { state: fails ? 'unhealthy' : 'healthy', since: at });
        }
      } else if (task && target.state === 'unhealthy') {
        // ECS acts on what the load balancer reported at its last check: an interval later,
        // and only once the service's grace period has passed.
        const grace = service.healthCheckGracePeriodSeconds ?? 0;
        const started = task.startedAt ?? at;
        if (seconds(at - target.since) >= group.intervalSeconds && seconds(at - started) >= grace) {
          failing.push({ task, targetGroup: group });
        }
      }
    }
  }
  return failing;
}
