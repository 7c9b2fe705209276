/** The e2e tests' handle on the sandbox: real SDK clients, and a reset before each test. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { test } from '@playwright/test';
import { SANDBOX_URL } from '../playwright.config';

const config = {
  endpoint: SANDBOX_URL,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

export const ecs = new ECSClient(config);
export const ecr = new ECRClient(config);
export const cloudwatch = new CloudWatchClient(config);
export const logs = new CloudWatchLogsClient({ ...config, disableHostPrefix: true });

/** Every test starts from the Cruddur seed, with no faults and fresh call counts. */
export function resetSandboxBeforeEach() {
  test.beforeEach(async ({ request }) => {
    await request.post(`${SANDBOX_URL}/_sandbox/reset`, { data: {} });
  });
}

type Behaviour = 'healthy' | 'unhealthy' | 'crash' | 'oom';

/**
 * Makes the image `container` of `service` runs now behave as `behaviour` from here on (the
 * sandbox's images.ts); returns the service's running tasks, which keep their old behaviour.
 */
export async function markRunningImage(
  cluster: string,
  service: string,
  container: string,
  behaviour: Behaviour,
): Promise<string[]> {
  const { taskArns = [] } = await ecs.send(new ListTasksCommand({ cluster, serviceName: service }));
  const { tasks = [] } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  const image = tasks[0]?.containers?.find((c) => c.name === container)?.image ?? '';
  const response = await fetch(`${SANDBOX_URL}/_sandbox/images`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image, behaviour }),
  });
  if (!response.ok) throw new Error(`marking ${image}: ${response.status}`);
  return taskArns;
}

/** markRunningImage, then stops those tasks: ECS replaces them with tasks that misbehave. */
export async function replaceTasks(
  cluster: string,
  service: string,
  container: string,
  behaviour: Behaviour,
) {
  for (const task of await markRunningImage(cluster, service, container, behaviour)) {
    await ecs.send(new StopTaskCommand({ cluster, task }));
  }
}
