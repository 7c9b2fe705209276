/**
 * Starts a sandbox per test file on a free port and hands out real SDK clients pointed at it
 * through the standard endpoint override, exactly as Berth and the AWS CLI reach it.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../server.js';

export interface Harness {
  sandbox: Sandbox;
  ecs: ECSClient;
  ecr: ECRClient;
  logs: CloudWatchLogsClient;
  scaling: ApplicationAutoScalingClient;
  elb: ElasticLoadBalancingV2Client;
  cloudwatch: CloudWatchClient;
  /** GET or send JSON to the admin API. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Runs `run` with the sandbox's faults set (PUT /_sandbox/faults), clearing them however it ends. */
  withFaults<T>(faults: Record<string, unknown>, run: () => Promise<T>): Promise<T>;
  /**
   * Makes the image `container` of `service` runs behave as `behaviour` from now on (images.ts)
   * and stops the service's tasks, so ECS starts new ones that do.
   */
  replaceTasks(
    cluster: string,
    service: string,
    container: string,
    behaviour: 'healthy' | 'unhealthy' | 'crash' | 'oom',
  ): Promise<void>;
}

export function setupSandbox(options: SandboxOptions = {}): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    const sandbox = await startSandbox({ port: 0, speed: 100, ...options });
    const config = {
      endpoint: sandbox.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    Object.assign(harness, {
      sandbox,
      ecs: new ECSClient(config),
      ecr: new ECRClient(config),
      logs: new CloudWatchLogsClient({ ...config, disableHostPrefix: true }),
      scaling: new ApplicationAutoScalingClient(config),
      elb: new ElasticLoadBalancingV2Client(config),
      cloudwatch: new CloudWatchClient(config),
      async admin(method: string, path: string, body?: unknown) {
        const response = await fetch(`${sandbox.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const json: unknown = await response.json();
        if (!response.ok)
          throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
        return json;
      },
      async withFaults<T>(faults: Record<string, unknown>, run: () => Promise<T>) {
        await harness.admin('PUT', '/_sandbox/faults', faults);
        try {
          return await run();
        } finally {
          await harness.admin('DELETE', '/_sandbox/faults');
        }
      },
      async replaceTasks(cluster: string, service: string, container: string, behaviour: string) {
        const { taskArns = [] } = await harness.ecs.send(
          new ListTasksCommand({ cluster, serviceName: service }),
        );
        const { tasks = [] } = await harness.ecs.send(
          new DescribeTasksCommand({ cluster, tasks: taskArns }),
        );
        const image = tasks[0]?.containers?.find((c) => c.name === container)?.image ?? '';
        await harness.admin('PUT', '/_sandbox/images', { image, behaviour });
        for (const task of taskArns) await harness.ecs.send(new StopTaskCommand({ cluster, task }));
      },
    });
  });
  afterAll(async () => {
    harness.ecs?.destroy();
    harness.ecr?.destroy();
    harness.logs?.destroy();
    harness.scaling?.destroy();
    harness.elb?.destroy();
    harness.cloudwatch?.destroy();
    await harness.sandbox?.close();
  });
  return harness;
}

/** Polls `probe` until it returns a value that is not undefined/false, or fails with `what`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = undefined;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}

export const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d4e5f60718'],
    securityGroups: ['sg-0c3d4e5f607182930'],
  },
};

/** A small valid Fargate task definition with a health-checked web container. */
export function webTaskDefinition(
  family: string,
  image: string,
  extra: Record<string, unknown> = {},
) {
  return {
    family,
    networkMode: 'awsvpc' as const,
    requiresCompatibilities: ['FARGATE' as const],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/CruddurServiceExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image,
        essential: true,
        portMappings: [{ name: 'web', containerPort: 8080, protocol: 'tcp' as const }],
        healthCheck: {
          command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
          interval: 10,
          retries: 2,
        },
        logConfiguration: {
          logDriver: 'awslogs' as const,
          options: {
            'awslogs-group': 'apps',
            'awslogs-region': 'us-east-1',
            'awslogs-stream-prefix': 'web',
          },
        },
      },
    ],
    ...extra,
  };
}
