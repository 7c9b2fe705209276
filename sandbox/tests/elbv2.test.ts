/** ELBv2 over the query protocol, through the real SDK client: the seed's ALB and its targets. */
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  LoadBalancerNotFoundException,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur', speed: 200 });

async function backendGroup() {
  const { TargetGroups = [] } = await h.elb.send(
    new DescribeTargetGroupsCommand({ Names: ['cruddur-backend-flask-tg'] }),
  );
  return TargetGroups[0]!;
}

describe('load balancers and target groups', () => {
  it('has the Cruddur ALB with a target group per service', async () => {
    const { LoadBalancers = [] } = await h.elb.send(new DescribeLoadBalancersCommand({}));
    expect(
      LoadBalancers.map((lb) => [lb.LoadBalancerName, lb.Type, lb.Scheme, lb.State?.Code]),
    ).toEqual([['cruddur-alb', 'application', 'internet-facing', 'active']]);
    const alb = LoadBalancers[0]!;
    expect(alb.LoadBalancerArn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/cruddur-alb\/[0-9a-f]{16}$/,
    );
    expect(alb.DNSName).toMatch(/^cruddur-alb-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(alb.CreatedTime).toBeInstanceOf(Date);
    // Each subnet in the zone ECS puts its tasks in (sandbox/ecs/placement.ts).
    expect(alb.AvailabilityZones).toEqual([
      { ZoneName: 'us-east-1a', SubnetId: 'subnet-0a1b2c3d4e5f60718' },
      { ZoneName: 'us-east-1c', SubnetId: 'subnet-0b2c3d4e5f6071829' },
    ]);
    const { TargetGroups = [] } = await h.elb.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: alb.LoadBalancerArn }),
    );
    expect(
      TargetGroups.map((g) => [
        g.TargetGroupName,
        g.Port,
        g.TargetType,
        g.HealthCheckPath,
        g.HealthCheckIntervalSeconds,
        g.HealthyThresholdCount,
        g.UnhealthyThresholdCount,
        g.Matcher?.HttpCode,
        g.LoadBalancerArns,
      ]),
    ).toEqual([
      [
        'cruddur-backend-flask-tg',
        4567,
        'ip',
        '/api/health-check',
        30,
        5,
        2,
        '200',
        [alb.LoadBalancerArn],
      ],
      ['cruddur-frontend-react-js-tg', 3000, 'ip', '/', 30, 5, 2, '200', [alb.LoadBalancerArn]],
    ]);
    // ECS knows the same group.
    const { services = [] } = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
    );
    expect(services[0]?.loadBalancers).toEqual([
      {
        targetGroupArn: TargetGroups[0]?.TargetGroupArn,
        containerName: 'backend-flask',
        containerPort: 4567,
      },
    ]);
  });

  it('answers unknown names and ARNs with the errors AWS gives', async () => {
    await expect(h.elb.send(new DescribeTargetGroupsCommand({ Names: ['nope'] }))).rejects.toThrow(
      TargetGroupNotFoundException,
    );
    await expect(
      h.elb.send(
        new DescribeTargetHealthCommand({
          TargetGroupArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'TargetGroupNotFoundException',
      message: 'One or more target groups not found',
    });
    await expect(h.elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] }))).rejects.toThrow(
      LoadBalancerNotFoundException,
    );
  });
});

describe('targets', () => {
  it('registers each running task by IP and port, healthy after its checks', async () => {
    const group = await backendGroup();
    const { taskArns = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: 'cruddur', serviceName: 'backend-flask' }),
    );
    const { tasks = [] } = await h.ecs.send(
      new DescribeTasksCommand({ cluster: 'cruddur', tasks: taskArns }),
    );
    const ip = tasks[0]?.attachments?.[0]?.details?.find(
      (d) => d.name === 'privateIPv4Address',
    )?.value;
    const { TargetHealthDescriptions = [] } = await h.elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }),
    );
    expect(
      TargetHealthDescriptions.map((d) => [
        d.Target?.Id,
        d.Target?.Port,
        d.Target?.AvailabilityZone,
        d.HealthCheckPort,
        d.TargetHealth?.State,
      ]),
    ).toEqual([[ip, 4567, tasks[0]?.availabilityZone, '4567', 'healthy']]);
    expect(tasks[0]?.availabilityZone).toMatch(/^us-east-1[ac]$/);
  });

  it('a rollout waits for the new task’s target: the old task serves until it is healthy', async () => {
    const group = await backendGroup();
    const { taskArns: [oldArn] = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: 'cruddur', serviceName: 'backend-flask' }),
    );
    await h.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur',
        service: 'backend-flask',
        forceNewDeployment: true,
      }),
    );
    const describe = async () => {
      const { services = [] } = await h.ecs.send(
        new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
      );
      const { taskArns = [] } = await h.ecs.send(
        new ListTasksCommand({ cluster: 'cruddur', serviceName: 'backend-flask' }),
      );
      const { tasks = [] } = await h.ecs.send(
        new DescribeTasksCommand({ cluster: 'cruddur', tasks: taskArns }),
      );
      const { TargetHealthDescriptions = [] } = await h.elb.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }),
      );
      const fresh = tasks.find((t) => t.taskArn !== oldArn);
      const ip = fresh?.attachments?.[0]?.details?.find(
        (d) => d.name === 'privateIPv4Address',
      )?.value;
      return {
        rollout: services[0]?.deployments?.[0]?.rolloutState,
        old: tasks.find((t) => t.taskArn === oldArn),
        freshHealth: fresh?.healthStatus,
        target: TargetHealthDescriptions.find((d) => d.Target?.Id === ip)?.TargetHealth?.State,
      };
    };
    // ECS finds the new task's containers healthy while the load balancer is still checking:
    // the deployment is not done, and the old task still runs.
    const waiting = await eventually('a healthy new task with its target in initial', async () => {
      const now = await describe();
      return now.freshHealth === 'HEALTHY' && now.target === 'initial' ? now : undefined;
    });
    expect([waiting.rollout, waiting.old?.lastStatus, waiting.old?.desiredStatus]).toEqual([
      'IN_PROGRESS',
      'RUNNING',
      'RUNNING',
    ]);
    const done = await eventually('the rollout completed', async () => {
      const now = await describe();
      return now.rollout === 'COMPLETED' ? now : undefined;
    });
    expect(done.target).toBe('healthy');
    expect(done.old?.desiredStatus ?? 'STOPPED').toBe('STOPPED');
  });

  it('an image that fails its checks: the new target goes initial, then unhealthy with the reason, and ECS replaces the task', async () => {
    const group = await backendGroup();
    const { taskDefinition } = await h.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:2' }),
    );
    const containers = (taskDefinition?.containerDefinitions ?? []).map((c) =>
      c.name === 'backend-flask'
        ? { ...c, image: 'public.ecr.aws/cruddur/backend-flask:unhealthy' }
        : c,
    );
    const registered = await h.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'backend-flask',
        containerDefinitions: containers,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: taskDefinition?.cpu,
        memory: taskDefinition?.memory,
        executionRoleArn: taskDefinition?.executionRoleArn,
        taskRoleArn: taskDefinition?.taskRoleArn,
      }),
    );
    await h.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur',
        service: 'backend-flask',
        taskDefinition: registered.taskDefinition?.taskDefinitionArn,
      }),
    );
    const states = async () =>
      (
        await h.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }))
      ).TargetHealthDescriptions?.map((d) => d.TargetHealth) ?? [];
    await eventually('a target in initial health checking', async () =>
      (await states()).some((s) => s?.State === 'initial') ? true : undefined,
    );
    expect((await states()).find((s) => s?.State === 'initial')).toEqual({
      State: 'initial',
      Reason: 'Elb.InitialHealthChecking',
      Description: 'Initial health checks in progress',
    });
    await eventually('an unhealthy target', async () =>
      (await states()).some((s) => s?.State === 'unhealthy') ? true : undefined,
    );
    expect((await states()).find((s) => s?.State === 'unhealthy')).toEqual({
      State: 'unhealthy',
      Reason: 'Target.FailedHealthChecks',
      Description: 'Health checks failed',
    });
    // ECS replaces the task the load balancer gave up on, and says why.
    const stopped = await eventually('a task stopped for its ELB health checks', async () => {
      const { taskArns = [] } = await h.ecs.send(
        new ListTasksCommand({
          cluster: 'cruddur',
          serviceName: 'backend-flask',
          desiredStatus: 'STOPPED',
        }),
      );
      if (!taskArns.length) return undefined;
      const { tasks = [] } = await h.ecs.send(
        new DescribeTasksCommand({ cluster: 'cruddur', tasks: taskArns }),
      );
      return tasks.find((t) => t.stoppedReason?.startsWith('Task failed ELB health checks'));
    });
    expect(stopped.stoppedReason).toBe(
      `Task failed ELB health checks in (target-group ${group.TargetGroupArn})`,
    );
  });
});
