/** ECS over time: steady state, rolling deployments, the circuit breaker and rollback. */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRepositoryCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, NETWORK, setupSandbox, webTaskDefinition } from './harness.js';

const h = setupSandbox({ seed: 'empty' });
const CLUSTER = 'deploys';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function manifest(label: string) {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 100,
      digest: `sha256:${'c'.repeat(64)}`,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 1000,
        digest: `sha256:${label.padEnd(64, '0').slice(0, 64)}`,
      },
    ],
  });
}

async function describeService(name: string): Promise<Service> {
  const { services = [] } = await h.ecs.send(
    new DescribeServicesCommand({ cluster: CLUSTER, services: [name] }),
  );
  const service = services[0];
  if (!service) throw new Error(`service ${name} missing`);
  return service;
}

const messages = (service: Service) => (service.events ?? []).map((e) => e.message ?? '');

async function steady(name: string, timeoutMs = 20_000) {
  return eventually(
    `${name} to reach a steady state`,
    async () => {
      const service = await describeService(name);
      const primary = service.deployments?.[0];
      return service.deployments?.length === 1 &&
        primary?.rolloutState === 'COMPLETED' &&
        service.runningCount === service.desiredCount &&
        messages(service)[0]?.endsWith('has reached a steady state.')
        ? service
        : undefined;
    },
    timeoutMs,
  );
}

beforeAll(async () => {
  await h.ecs.send(
    new CreateClusterCommand({
      clusterName: CLUSTER,
      serviceConnectDefaults: { namespace: CLUSTER },
    }),
  );
  await h.logs.send(new CreateLogGroupCommand({ logGroupName: 'apps' }));
  await h.ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
  await h.ecr.send(
    new PutImageCommand({ repositoryName: 'web', imageTag: 'v1', imageManifest: manifest('a1') }),
  );
  await h.ecr.send(
    new PutImageCommand({
      repositoryName: 'web',
      imageTag: 'broken',
      imageManifest: manifest('b2'),
    }),
  );
  await h.ecr.send(
    new PutImageCommand({
      repositoryName: 'web',
      imageTag: 'v2-unhealthy',
      imageManifest: manifest('c3'),
    }),
  );
  await h.ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition('web', `${REGISTRY}/web:v1`)),
  );
  await h.ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 2,
      networkConfiguration: NETWORK,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      enableExecuteCommand: false,
    }),
  );
});

describe('a new service', () => {
  it('reaches a steady state with healthy tasks', async () => {
    const service = await steady('web');
    expect(service.runningCount).toBe(2);
    expect(service.pendingCount).toBe(0);
    const text = messages(service);
    expect(text).toContainEqual(
      expect.stringMatching(
        /^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/,
      ),
    );
    expect(text).toContainEqual(
      `(service web) (deployment ${service.deployments?.[0]?.id}) deployment completed.`,
    );
    const { taskArns = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: CLUSTER, serviceName: 'web' }),
    );
    const { tasks = [] } = await h.ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: taskArns }),
    );
    expect(tasks.map((t) => t.healthStatus)).toEqual(['HEALTHY', 'HEALTHY']);
    expect(
      tasks.every((t) => t.startedAt && t.pullStartedAt && t.pullStoppedAt && t.connectivityAt),
    ).toBe(true);
  });
});

describe('deployments', () => {
  it('completes a forced new deployment, draining the old tasks', async () => {
    const before = await steady('web');
    const oldTasks =
      (await h.ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'web' }))).taskArns ??
      [];
    const { service } = await h.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', forceNewDeployment: true }),
    );
    expect(service?.deployments?.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE']);
    const primary = service?.deployments?.[0];
    expect(primary?.rolloutState).toBe('IN_PROGRESS');
    expect(primary?.taskDefinition).toBe(before.taskDefinition);
    expect(primary?.id).not.toBe(before.deployments?.[0]?.id);

    const after = await steady('web');
    expect(after.deployments?.[0]?.id).toBe(primary?.id);
    expect(after.deployments?.[0]?.rolloutStateReason).toBe(
      `ECS deployment ${primary?.id} completed.`,
    );
    const newTasks =
      (await h.ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'web' }))).taskArns ??
      [];
    expect(newTasks.some((arn) => oldTasks.includes(arn))).toBe(false);
    const { tasks = [] } = await h.ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: oldTasks }),
    );
    for (const task of tasks) {
      expect(task.desiredStatus).toBe('STOPPED');
      expect(task.stopCode).toBe('ServiceSchedulerInitiated');
    }
    expect(messages(after)).toContainEqual(
      expect.stringMatching(/^\(service web\) has stopped \d running tasks: /),
    );

    const { serviceDeployments = [] } = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'web' }),
    );
    expect(serviceDeployments.map((d) => d.status)).toEqual(['SUCCESSFUL', 'SUCCESSFUL']);
  });

  it('trips the circuit breaker on a crashing image and rolls back to the last completed deployment', async () => {
    const good = await steady('web');
    await h.ecs.send(
      new RegisterTaskDefinitionCommand(webTaskDefinition('web', `${REGISTRY}/web:broken`)),
    );
    const { service } = await h.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', taskDefinition: 'web:2' }),
    );
    const failing = service?.deployments?.[0];
    expect(failing?.taskDefinition).toMatch(/web:2$/);

    const rolledBack = await eventually(
      'the rollback to finish',
      async () => {
        const s = await describeService('web');
        return s.taskDefinition === good.taskDefinition &&
          s.deployments?.length === 1 &&
          s.deployments[0]?.rolloutState === 'COMPLETED'
          ? s
          : undefined;
      },
      30_000,
    );
    const text = messages(rolledBack);
    expect(text).toContainEqual(
      `(service web) (deployment ${failing?.id}) deployment failed: tasks failed to start.`,
    );
    expect(text).toContainEqual(
      `(service web) rolling back to deployment ${good.deployments?.[0]?.id}.`,
    );

    const { taskArns = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: CLUSTER, serviceName: 'web', desiredStatus: 'STOPPED' }),
    );
    const { tasks = [] } = await h.ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: taskArns.slice(0, 100) }),
    );
    const crashed = tasks.filter((t) => t.taskDefinitionArn?.endsWith('web:2'));
    expect(crashed.length).toBeGreaterThanOrEqual(3);
    expect(crashed[0]).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(crashed[0]?.containers?.[0]?.exitCode).toBe(1);

    const { serviceDeployments = [] } = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'web' }),
    );
    const latest = serviceDeployments[0];
    expect(latest?.status).toBe('ROLLBACK_SUCCESSFUL');
    const { serviceDeployments: [detail] = [] } = await h.ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [latest?.serviceDeploymentArn ?? ''],
      }),
    );
    // It trips when the failures reach the threshold, not before or after.
    expect(detail?.deploymentCircuitBreaker).toEqual({
      status: 'TRIGGERED',
      failureCount: 3,
      threshold: 3,
    });
    expect(detail?.rollback?.serviceRevisionArn).toBe(
      serviceDeployments[1]?.targetServiceRevisionArn,
    );
  });

  it('replaces tasks that fail their health checks, counting them as failures', async () => {
    await steady('web');
    await h.ecs.send(
      new RegisterTaskDefinitionCommand(webTaskDefinition('web', `${REGISTRY}/web:v2-unhealthy`)),
    );
    await h.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', taskDefinition: 'web:3' }),
    );
    const service = await eventually(
      'a task to fail its health checks',
      async () => {
        const s = await describeService('web');
        return messages(s).some((m) =>
          /\(task [0-9a-f]{32}\) failed container health checks\.$/.test(m),
        )
          ? s
          : undefined;
      },
      30_000,
    );
    expect(messages(service)).toContainEqual(
      expect.stringMatching(/^\(service web\) has stopped 1 running tasks: /),
    );
    const { taskArns = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: CLUSTER, serviceName: 'web', desiredStatus: 'STOPPED' }),
    );
    const { tasks = [] } = await h.ecs.send(
      new DescribeTasksCommand({ cluster: CLUSTER, tasks: taskArns.slice(0, 100) }),
    );
    expect(tasks.find((t) => t.taskDefinitionArn?.endsWith('web:3'))).toMatchObject({
      stoppedReason: 'Task failed container health checks',
      stopCode: 'ServiceSchedulerInitiated',
    });
    // The breaker trips here too and the service returns to revision 1.
    await eventually(
      'the rollback from the unhealthy revision',
      async () => {
        const s = await describeService('web');
        return (
          s.taskDefinition?.endsWith('web:1') &&
          s.deployments?.length === 1 &&
          s.deployments[0]?.rolloutState === 'COMPLETED'
        );
      },
      30_000,
    );
  });

  it('stops a rollout on request and rolls back (StopServiceDeployment ROLLBACK)', async () => {
    const good = await steady('web');
    await h.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', taskDefinition: 'web:2' }),
    );
    const { serviceDeployments = [] } = await h.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: CLUSTER,
        service: 'web',
        status: ['IN_PROGRESS'],
      }),
    );
    expect(serviceDeployments).toHaveLength(1);
    const arn = serviceDeployments[0]?.serviceDeploymentArn ?? '';
    await h.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
    );
    const after = await describeService('web');
    expect(after.taskDefinition).toBe(good.taskDefinition);
    expect(after.deployments?.[1]?.rolloutState).toBe('FAILED');
    await steady('web', 30_000);
    const { serviceDeployments: [record] = [] } = await h.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    expect(record?.status).toBe('ROLLBACK_SUCCESSFUL');
    await expect(
      h.ecs.send(
        new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
  });

  it('records the image digests each revision ran', async () => {
    const { serviceDeployments = [] } = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'web' }),
    );
    const arns = [...new Set(serviceDeployments.map((d) => d.targetServiceRevisionArn ?? ''))];
    const { serviceRevisions = [] } = await h.ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns.slice(0, 20) }),
    );
    const first = serviceRevisions.find((r) => r.taskDefinition?.endsWith('web:1'));
    expect(first?.containerImages?.[0]).toMatchObject({
      containerName: 'web',
      image: `${REGISTRY}/web:v1`,
    });
    expect(first?.containerImages?.[0]?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps running tasks on their old exec setting until a new deployment replaces them', async () => {
    await steady('web');
    const { service } = await h.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', enableExecuteCommand: true }),
    );
    expect(service?.enableExecuteCommand).toBe(true);
    expect(service?.deployments).toHaveLength(1);
    const running = async () => {
      const { taskArns = [] } = await h.ecs.send(
        new ListTasksCommand({ cluster: CLUSTER, serviceName: 'web' }),
      );
      const { tasks = [] } = await h.ecs.send(
        new DescribeTasksCommand({ cluster: CLUSTER, tasks: taskArns }),
      );
      return tasks;
    };
    expect((await running()).map((t) => t.enableExecuteCommand)).toEqual([false, false]);
    await h.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', forceNewDeployment: true }),
    );
    await steady('web');
    expect((await running()).map((t) => t.enableExecuteCommand)).toEqual([true, true]);
  });

  it('scales out and in', async () => {
    await h.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 3 }),
    );
    expect((await steady('web')).runningCount).toBe(3);
    await h.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 1 }),
    );
    const service = await eventually('scale in', async () => {
      const s = await describeService('web');
      return s.runningCount === 1 ? s : undefined;
    });
    expect(service.deployments).toHaveLength(1);
    await expect(
      h.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: -1 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
