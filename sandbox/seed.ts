/**
 * The world the sandbox starts with: the Cruddur app of the seed document (cluster `cruddur`
 * with Service Connect and Container Insights, backend-flask with its X-Ray sidecar,
 * frontend-react-js on nginx, ECR images, log group `cruddur`), plus a staging cluster with
 * Container Insights off. The last twenty simulated minutes are replayed, so the services
 * start steady, with history, events and logs.
 */
import { ECS_DIMENSION, putScalingPolicy, registerScalableTarget } from './autoscaling/scaling.js';
import { pushImage, createRepositoryRecord } from './ecr/ecr.js';
import { addLoadBalancer, addTargetGroup } from './elbv2/load-balancing.js';
import { putAlarm } from './cloudwatch/alarms.js';
import { createCluster } from './ecs/clusters.js';
import { createService, updateService } from './ecs/services.js';
import { advance } from './ecs/simulation.js';
import { registerTaskDefinition } from './ecs/task-definitions.js';
import { createLogGroup } from './logs/logs.js';
import { sha256, type JsonObject } from './wire.js';
import type { World } from './world.js';

/** `multi`: a world per account and region (server.ts), seeded with one part each. */
export type SeedName = 'cruddur' | 'empty' | 'multi';

/** The Cruddur seed's two halves: production (`cruddur`) and `cruddur-staging`. */
export type SeedPart = 'production' | 'staging';

export function seedWorld(
  world: World,
  seed: 'cruddur' | 'empty',
  parts: SeedPart[] = ['production', 'staging'],
) {
  if (seed === 'empty') return;
  const production = parts.includes('production');
  const staging = parts.includes('staging');
  const registry = `${world.accountId}.dkr.ecr.${world.region}.amazonaws.com`;
  const role = (name: string) => `arn:aws:iam::${world.accountId}:role/${name}`;

  at(world, -3 * 86_400_000, () => {
    pushSeedImage(
      world,
      'cruddur-python',
      '3.10-slim-buster',
      'python:3.10-slim-buster',
      45_000_000,
    );
    pushSeedImage(world, 'backend-flask', 'v1', 'backend-flask v1', 62_000_000);
    pushSeedImage(world, 'frontend-react-js', 'v1', 'frontend-react-js v1', 24_000_000);
  });
  at(world, -86_400_000, () => {
    pushSeedImage(world, 'backend-flask', 'latest', 'backend-flask v2', 62_400_000);
    pushSeedImage(world, 'backend-flask', 'v2', 'backend-flask v2', 62_400_000);
    pushSeedImage(world, 'frontend-react-js', 'latest', 'frontend-react-js v2', 24_300_000);
    // A build that crashes on start, for showing a failed deployment and its rollback.
    pushSeedImage(world, 'backend-flask', 'broken', 'backend-flask broken build', 61_900_000);
  });

  const replayFrom = -world.clock.ms(20 * 60);
  world.timeOffset = replayFrom;
  const flask = (group: string, xray: boolean): JsonObject =>
    backendFlaskDefinition(registry, world.region, group, xray, role);
  if (production) seedProduction(world, flask('cruddur', false), role, registry);
  if (staging) seedStaging(world, role, registry);

  // Ten minutes later the team adds the X-Ray sidecar (revision 2) and deploys it.
  replayUntil(world, -world.clock.ms(10 * 60));
  if (production) {
    registerTaskDefinition(world, flask('cruddur', true));
    updateService(world, {
      cluster: 'cruddur',
      service: 'backend-flask',
      taskDefinition: 'backend-flask:2',
    });
  }
  replayUntil(world, 0);
}

/** The `cruddur` cluster: backend and frontend behind one ALB, an alarm, CPU scaling. */
function seedProduction(world: World, flask: JsonObject, role: RoleArn, registry: string) {
  createCluster(world, {
    clusterName: 'cruddur',
    serviceConnectDefaults: { namespace: 'cruddur' },
    settings: [{ name: 'containerInsights', value: 'enabled' }],
    tags: [{ key: 'project', value: 'cruddur' }],
  });
  createLogGroup(world, { logGroupName: 'cruddur' });
  registerTaskDefinition(world, flask);
  registerTaskDefinition(world, frontendDefinition(registry, world.region, role));

  // The Cruddur load balancer: one ALB, a target group per service (target type ip).
  const alb = addLoadBalancer(world, 'cruddur-alb');
  const backendTargets = addTargetGroup(world, alb, {
    name: 'cruddur-backend-flask-tg',
    port: 4567,
    healthCheckPath: '/api/health-check',
  });
  const frontendTargets = addTargetGroup(world, alb, {
    name: 'cruddur-frontend-react-js-tg',
    port: 3000,
    healthCheckPath: '/',
  });
  createService(world, {
    ...cruddurService('backend-flask', 4567),
    taskDefinition: 'backend-flask:1',
    loadBalancers: [
      { targetGroupArn: backendTargets.arn, containerName: 'backend-flask', containerPort: 4567 },
    ],
    healthCheckGracePeriodSeconds: 60,
  });
  createService(world, {
    ...cruddurService('frontend-react-js', 3000),
    taskDefinition: 'frontend-react-js:1',
    loadBalancers: [
      {
        targetGroupArn: frontendTargets.arn,
        containerName: 'frontend-react-js',
        containerPort: 3000,
      },
    ],
    healthCheckGracePeriodSeconds: 60,
  });
  // The team's alarm: backend-flask answering 5xx through the load balancer.
  putAlarm(world, {
    name: 'cruddur-backend-flask-5xx',
    description: 'backend-flask answers 5xx through cruddur-alb',
    namespace: 'AWS/ApplicationELB',
    metricName: 'HTTPCode_Target_5XX_Count',
    dimensions: [
      { Name: 'LoadBalancer', Value: alb.arn.slice(alb.arn.indexOf(':loadbalancer/') + 14) },
      {
        Name: 'TargetGroup',
        Value: backendTargets.arn.slice(backendTargets.arn.indexOf(':targetgroup/') + 1),
      },
    ],
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 5,
    comparison: 'GreaterThanThreshold',
    actions: [],
  });
  // backend-flask scales on CPU, as the team set it up: 1 to 4 tasks, 70 % target.
  registerScalableTarget(world, {
    ServiceNamespace: 'ecs',
    ResourceId: 'service/cruddur/backend-flask',
    ScalableDimension: ECS_DIMENSION,
    MinCapacity: 1,
    MaxCapacity: 4,
  });
  putScalingPolicy(world, {
    PolicyName: 'backend-flask-cpu70',
    ServiceNamespace: 'ecs',
    ResourceId: 'service/cruddur/backend-flask',
    ScalableDimension: ECS_DIMENSION,
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 70,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      ScaleOutCooldown: 60,
      ScaleInCooldown: 300,
    },
  });
}

/** `cruddur-staging`: the backend with a circuit breaker, and a worker. */
function seedStaging(world: World, role: RoleArn, registry: string) {
  createCluster(world, {
    clusterName: 'cruddur-staging',
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    tags: [
      { key: 'project', value: 'cruddur' },
      { key: 'env', value: 'staging' },
    ],
  });
  createLogGroup(world, { logGroupName: 'cruddur-staging' });
  registerTaskDefinition(world, stagingFlask(registry, world.region, role));
  registerTaskDefinition(world, workerDefinition(registry, world.region, role));
  createService(world, {
    cluster: 'cruddur-staging',
    serviceName: 'backend-flask',
    taskDefinition: 'backend-flask-staging:1',
    desiredCount: 2,
    networkConfiguration: NETWORK,
    deploymentConfiguration: BREAKER,
  });
  createService(world, {
    cluster: 'cruddur-staging',
    serviceName: 'notifications-worker',
    taskDefinition: 'notifications-worker:1',
    desiredCount: 1,
    networkConfiguration: NETWORK,
  });
}

const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829'],
    securityGroups: ['sg-0c3d4e5f607182930'],
    assignPublicIp: 'ENABLED',
  },
};
const BREAKER = {
  deploymentCircuitBreaker: { enable: true, rollback: true },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
};

/**
 * A Cruddur service as the seed document creates it (service-<name>.json): Fargate, exec on,
 * Service Connect in namespace `cruddur` under its own name, task definition = its family.
 */
export function cruddurService(name: string, port: number): JsonObject {
  return {
    cluster: 'cruddur',
    serviceName: name,
    taskDefinition: name,
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: NETWORK,
    deploymentConfiguration: BREAKER,
    enableExecuteCommand: true,
    propagateTags: 'SERVICE',
    serviceConnectConfiguration: {
      enabled: true,
      namespace: 'cruddur',
      services: [{ portName: name, discoveryName: name, clientAliases: [{ port }] }],
    },
    tags: [{ key: 'app', value: name }],
  };
}

/** Runs `action` as if at `offsetMs` from now. */
function at(world: World, offsetMs: number, action: () => void) {
  world.timeOffset = offsetMs;
  action();
  world.timeOffset = 0;
}

/** Plays the simulation forward one simulated second at a time, up to `offset` from now. */
function replayUntil(world: World, offset: number) {
  if (world.simulatedUntil > world.now()) world.simulatedUntil = world.now();
  while (world.timeOffset < offset) {
    world.timeOffset = Math.min(offset, world.timeOffset + world.clock.ms(1));
    advance(world);
  }
}

/** The Cruddur team keeps 30 tagged images of the backend and drops untagged ones after a week. */
const BACKEND_LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Expire untagged images after 7 days',
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: 7,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: 'Keep the last 30 images',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
      action: { type: 'expire' },
    },
  ],
});

function pushSeedImage(
  world: World,
  repository: string,
  tag: string,
  content: string,
  size: number,
) {
  const repo =
    world.ecr.repositories.get(repository) ??
    createRepositoryRecord(world, repository, {
      scanOnPush: true,
      tags: [{ Key: 'app', Value: 'cruddur' }],
      lifecyclePolicy: repository === 'backend-flask' ? BACKEND_LIFECYCLE_POLICY : undefined,
    });
  const layers = [0.55, 0.3, 0.15].map((share, index) => ({
    mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    size: Math.round(size * share),
    digest: `sha256:${sha256(`${content} layer ${index}`)}`,
  }));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 7023,
      digest: `sha256:${sha256(`${content} config`)}`,
    },
    layers,
  });
  pushImage(world, repo, manifest, tag);
}

type RoleArn = (name: string) => string;

function awslogs(group: string, region: string, prefix: string) {
  return {
    logDriver: 'awslogs',
    options: { 'awslogs-group': group, 'awslogs-region': region, 'awslogs-stream-prefix': prefix },
  };
}

/** The seed's aws/task-definitions/backend-flask.json, with or without the X-Ray daemon. */
export function backendFlaskDefinition(
  registry: string,
  region: string,
  group: string,
  xray: boolean,
  role: RoleArn,
): JsonObject {
  const flask = {
    name: 'backend-flask',
    image: `${registry}/backend-flask:latest`,
    essential: true,
    healthCheck: {
      command: ['CMD-SHELL', 'python /backend-flask/bin/flask/health-check'],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: 60,
    },
    portMappings: [
      { name: 'backend-flask', containerPort: 4567, protocol: 'tcp', appProtocol: 'http' },
    ],
    logConfiguration: awslogs(group, region, 'backend-flask'),
    environment: [
      { name: 'OTEL_SERVICE_NAME', value: 'backend-flask' },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'https://api.honeycomb.io' },
      { name: 'AWS_COGNITO_USER_POOL_ID', value: 'ca-central-1_CQ4wDfnwc' },
      { name: 'AWS_COGNITO_USER_POOL_CLIENT_ID', value: '5b6ro31g97urk767adrbrdj1g5' },
      { name: 'FRONTEND_URL', value: 'https://cruddur.example.com' },
      { name: 'BACKEND_URL', value: 'https://api.cruddur.example.com' },
      { name: 'AWS_DEFAULT_REGION', value: region },
      // A token left in plain environment, as teams do: Berth masks it until clicked.
      { name: 'HONEYCOMB_API_KEY', value: 'hcaik_01hsandboxnotarealkey0000000000' },
    ],
    secrets: [
      {
        name: 'AWS_ACCESS_KEY_ID',
        valueFrom: `arn:aws:ssm:${region}:123456789012:parameter/cruddur/backend-flask/AWS_ACCESS_KEY_ID`,
      },
      {
        name: 'AWS_SECRET_ACCESS_KEY',
        valueFrom: `arn:aws:ssm:${region}:123456789012:parameter/cruddur/backend-flask/AWS_SECRET_ACCESS_KEY`,
      },
      {
        name: 'CONNECTION_URL',
        valueFrom: `arn:aws:ssm:${region}:123456789012:parameter/cruddur/backend-flask/CONNECTION_URL`,
      },
      {
        name: 'ROLLBAR_ACCESS_TOKEN',
        valueFrom: `arn:aws:ssm:${region}:123456789012:parameter/cruddur/backend-flask/ROLLBAR_ACCESS_TOKEN`,
      },
      {
        name: 'OTEL_EXPORTER_OTLP_HEADERS',
        valueFrom: `arn:aws:ssm:${region}:123456789012:parameter/cruddur/backend-flask/OTEL_EXPORTER_OTLP_HEADERS`,
      },
    ],
  };
  const xrayDaemon = {
    name: 'xray',
    image: 'public.ecr.aws/xray/aws-xray-daemon',
    essential: true,
    user: '1337',
    portMappings: [{ name: 'xray', containerPort: 2000, protocol: 'udp' }],
    logConfiguration: awslogs(group, region, 'backend-flask'),
  };
  return {
    family: 'backend-flask',
    executionRoleArn: role('CruddurServiceExecutionRole'),
    taskRoleArn: role('CruddurTaskRole'),
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: xray ? [xrayDaemon, flask] : [flask],
  };
}

function frontendDefinition(registry: string, region: string, role: RoleArn): JsonObject {
  return {
    family: 'frontend-react-js',
    executionRoleArn: role('CruddurServiceExecutionRole'),
    taskRoleArn: role('CruddurTaskRole'),
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [
      {
        name: 'frontend-react-js',
        image: `${registry}/frontend-react-js:latest`,
        essential: true,
        healthCheck: {
          command: ['CMD-SHELL', 'curl -f http://localhost:3000 || exit 1'],
          interval: 30,
          timeout: 5,
          retries: 3,
        },
        portMappings: [
          { name: 'frontend-react-js', containerPort: 3000, protocol: 'tcp', appProtocol: 'http' },
        ],
        logConfiguration: awslogs('cruddur', region, 'frontend-react-js'),
      },
    ],
  };
}

function stagingFlask(registry: string, region: string, role: RoleArn): JsonObject {
  const definition = backendFlaskDefinition(registry, region, 'cruddur-staging', false, role);
  return { ...definition, family: 'backend-flask-staging' };
}

function workerDefinition(registry: string, region: string, role: RoleArn): JsonObject {
  return {
    family: 'notifications-worker',
    executionRoleArn: role('CruddurServiceExecutionRole'),
    networkMode: 'awsvpc',
    cpu: '512',
    memory: '1024',
    requiresCompatibilities: ['FARGATE'],
    containerDefinitions: [
      {
        name: 'worker',
        image: `${registry}/cruddur-python:3.10-slim-buster`,
        essential: true,
        command: ['python', '-m', 'worker'],
        logConfiguration: awslogs('cruddur-staging', region, 'worker'),
      },
    ],
  };
}
