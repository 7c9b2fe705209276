/** ECS resources and their errors, through the real SDK over HTTP. */
import {
  ClientException,
  ClusterNotFoundException,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotFoundException,
  TagResourceCommand,
  UpdateClusterSettingsCommand,
  paginateListServices,
  paginateListTaskDefinitions,
  paginateListTasks,
  ListTaskDefinitionFamiliesCommand,
  DeregisterTaskDefinitionCommand,
  ListTasksCommand,
  DeleteServiceCommand,
  UpdateServiceCommand,
  DeleteClusterCommand,
  RunTaskCommand,
  ListServicesCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { eventually, NETWORK, setupSandbox, webTaskDefinition } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('the seeded Cruddur world', () => {
  it('has cluster cruddur with Service Connect defaults and Container Insights on', async () => {
    const { clusters } = await h.ecs.send(
      new DescribeClustersCommand({
        clusters: ['cruddur', 'cruddur-staging'],
        include: ['SETTINGS', 'STATISTICS', 'TAGS'],
      }),
    );
    const [cruddur, staging] = clusters ?? [];
    expect(cruddur?.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    expect(cruddur?.serviceConnectDefaults?.namespace).toMatch(
      /^arn:aws:servicediscovery:us-east-1:123456789012:namespace\/ns-/,
    );
    expect(cruddur?.activeServicesCount).toBe(2);
    expect(cruddur?.runningTasksCount).toBe(2);
    expect(cruddur?.statistics).toContainEqual({ name: 'runningFargateTasksCount', value: '2' });
    expect(cruddur?.tags).toContainEqual({ key: 'project', value: 'cruddur' });
    expect(staging?.settings).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
    expect(staging?.activeServicesCount).toBe(2);
  });

  it('runs backend-flask with the X-Ray sidecar, the Flask health check and the Service Connect proxy', async () => {
    const { taskArns = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: 'cruddur', serviceName: 'backend-flask' }),
    );
    expect(taskArns).toHaveLength(1);
    const { tasks = [] } = await h.ecs.send(
      new DescribeTasksCommand({ cluster: 'cruddur', tasks: taskArns }),
    );
    const task = tasks[0];
    expect(task?.lastStatus).toBe('RUNNING');
    expect(task?.taskDefinitionArn).toMatch(/task-definition\/backend-flask:2$/);
    expect(task?.enableExecuteCommand).toBe(true);
    expect(task?.group).toBe('service:backend-flask');
    expect(task?.startedBy).toMatch(/^ecs-svc\/\d{19}$/);
    const byName = new Map(task?.containers?.map((c) => [c.name, c]));
    expect(byName.get('backend-flask')?.healthStatus).toBe('HEALTHY');
    expect(byName.get('xray')?.healthStatus).toBe('UNKNOWN');
    const proxy = task?.containers?.find((c) => c.name?.startsWith('ecs-service-connect-'));
    expect(proxy?.lastStatus).toBe('RUNNING');
    expect(proxy?.healthStatus).toBe('HEALTHY');
    expect(task?.healthStatus).toBe('HEALTHY');
    expect(byName.get('backend-flask')?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(byName.get('backend-flask')?.managedAgents?.[0]).toMatchObject({
      name: 'ExecuteCommandAgent',
      lastStatus: 'RUNNING',
    });
    const eni = task?.attachments?.[0]?.details?.find((d) => d.name === 'privateIPv4Address');
    expect(eni?.value).toMatch(/^10\.0\.\d+\.\d+$/);
  });

  it('has events newest first, in AWS wording', async () => {
    const { services = [] } = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
    );
    const events = services[0]?.events ?? [];
    expect(events[0]?.message).toBe('(service backend-flask) has reached a steady state.');
    const times = events.map((e) => e.createdAt?.getTime() ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(events.map((e) => e.message)).toContainEqual(
      expect.stringMatching(
        /^\(service backend-flask\) has started 1 tasks: \(task [0-9a-f]{32}\)\.$/,
      ),
    );
  });
});

describe('errors as AWS gives them', () => {
  it('ClusterNotFoundException for an unknown cluster', async () => {
    await expect(h.ecs.send(new ListTasksCommand({ cluster: 'nope' }))).rejects.toBeInstanceOf(
      ClusterNotFoundException,
    );
  });

  it('InvalidParameterException for a batch of 11 services', async () => {
    const services = Array.from({ length: 11 }, (_, i) => `svc-${i}`);
    const error = await h.ecs
      .send(new DescribeServicesCommand({ cluster: 'cruddur', services }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect((error as Error).message).toBe('service names can have at most 10 items.');
  });

  it('InvalidParameterException for more than 100 tasks', async () => {
    const tasks = Array.from({ length: 101 }, (_, i) => `t${i}`);
    await expect(
      h.ecs.send(new DescribeTasksCommand({ cluster: 'cruddur', tasks })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('ClientException for a Fargate cpu/memory pair that does not exist', async () => {
    const error = await h.ecs
      .send(
        new RegisterTaskDefinitionCommand(
          webTaskDefinition('bad-size', 'nginx:1.27', { cpu: '256', memory: '4096' }),
        ),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientException);
    expect((error as Error).message).toBe(
      'No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.',
    );
    await expect(
      h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'bad-size' })),
    ).rejects.toBeInstanceOf(ClientException);
  });

  it('reports missing services and tasks in failures', async () => {
    const services = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask', 'ghost'] }),
    );
    expect(services.services).toHaveLength(1);
    expect(services.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/cruddur/ghost', reason: 'MISSING' },
    ]);
    const tasks = await h.ecs.send(
      new DescribeTasksCommand({ cluster: 'cruddur', tasks: ['0123456789abcdef0123456789abcdef'] }),
    );
    expect(tasks.failures?.[0]?.reason).toBe('MISSING');
  });

  it('ServiceNotFoundException when listing tasks of an unknown service', async () => {
    await expect(
      h.ecs.send(new ListTasksCommand({ cluster: 'cruddur', serviceName: 'ghost' })),
    ).rejects.toBeInstanceOf(ServiceNotFoundException);
  });
});

describe('pagination', () => {
  it('pages ListServices (default 10) and ListTasks across more than 100 items', async () => {
    await h.ecs.send(new CreateClusterCommand({ clusterName: 'many' }));
    await h.ecs.send(new RegisterTaskDefinitionCommand(webTaskDefinition('tiny', 'nginx:1.27')));
    for (let i = 0; i < 120; i++) {
      await h.ecs.send(
        new CreateServiceCommand({
          cluster: 'many',
          serviceName: `svc-${String(i).padStart(3, '0')}`,
          taskDefinition: 'tiny',
          desiredCount: i < 3 ? 40 : 0,
          networkConfiguration: NETWORK,
        }),
      );
    }
    const pages = await collect(paginateListServices({ client: h.ecs }, { cluster: 'many' }));
    const arns = pages.flatMap((p) => p.serviceArns ?? []);
    expect(arns).toHaveLength(120);
    expect(new Set(arns).size).toBe(120);
    expect(pages[0]?.serviceArns).toHaveLength(10);

    const bigPages = await collect(
      paginateListServices({ client: h.ecs, pageSize: 100 }, { cluster: 'many' }),
    );
    expect(bigPages.map((p) => p.serviceArns?.length)).toEqual([100, 20]);

    const taskPages = await collect(paginateListTasks({ client: h.ecs }, { cluster: 'many' }));
    expect(taskPages.map((p) => p.taskArns?.length)).toEqual([100, 20]);
    expect(new Set(taskPages.flatMap((p) => p.taskArns)).size).toBe(120);
  });

  it('pages ListTaskDefinitions across more than 100 revisions', async () => {
    for (let i = 0; i < 105; i++) {
      await h.ecs.send(
        new RegisterTaskDefinitionCommand(webTaskDefinition('many-revisions', `nginx:1.${i}`)),
      );
    }
    const pages = await collect(
      paginateListTaskDefinitions({ client: h.ecs }, { familyPrefix: 'many-revisions' }),
    );
    const arns = pages.flatMap((p) => p.taskDefinitionArns ?? []);
    expect(arns).toHaveLength(105);
    expect(arns[104]).toMatch(/many-revisions:105$/);
  });

  it('rejects maxResults out of range and tokens it did not issue', async () => {
    await expect(
      h.ecs.send(new ListTasksCommand({ cluster: 'cruddur', maxResults: 101 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      h.ecs.send(new ListTasksCommand({ cluster: 'cruddur', nextToken: 'bogus' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('resources', () => {
  it('updates Container Insights and tags', async () => {
    const { cluster } = await h.ecs.send(
      new UpdateClusterSettingsCommand({
        cluster: 'cruddur-staging',
        settings: [{ name: 'containerInsights', value: 'enhanced' }],
      }),
    );
    expect(cluster?.settings).toEqual([{ name: 'containerInsights', value: 'enhanced' }]);
    await expect(
      h.ecs.send(
        new UpdateClusterSettingsCommand({
          cluster: 'cruddur-staging',
          settings: [{ name: 'containerInsights', value: 'on' }],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    const arn = 'arn:aws:ecs:us-east-1:123456789012:cluster/cruddur-staging';
    await h.ecs.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'owner', value: 'team-a' }] }),
    );
    const { tags } = await h.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(tags).toContainEqual({ key: 'owner', value: 'team-a' });
  });

  it('lists families and deregisters revisions', async () => {
    const { families } = await h.ecs.send(new ListTaskDefinitionFamiliesCommand({}));
    expect(families).toEqual(expect.arrayContaining(['backend-flask', 'frontend-react-js']));
    const { taskDefinition } = await h.ecs.send(
      new DeregisterTaskDefinitionCommand({ taskDefinition: 'backend-flask:1' }),
    );
    expect(taskDefinition?.status).toBe('INACTIVE');
    const latest = await h.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask' }),
    );
    expect(latest.taskDefinition?.revision).toBe(2);
    expect(latest.taskDefinition?.registeredAt).toBeInstanceOf(Date);
  });

  it('runs and stops a standalone task through its lifecycle', async () => {
    const { tasks = [] } = await h.ecs.send(
      new RunTaskCommand({
        cluster: 'cruddur',
        taskDefinition: 'frontend-react-js',
        networkConfiguration: NETWORK,
        startedBy: 'test',
      }),
    );
    const arn = tasks[0]?.taskArn ?? '';
    expect(tasks[0]?.lastStatus).toBe('PROVISIONING');
    expect(tasks[0]?.group).toBe('family:frontend-react-js');
    await eventually('the task to run', async () => {
      const { tasks: [task] = [] } = await h.ecs.send(
        new DescribeTasksCommand({ cluster: 'cruddur', tasks: [arn] }),
      );
      return task?.lastStatus === 'RUNNING';
    });
    await h.ecs.send(
      new StopTaskCommand({ cluster: 'cruddur', task: arn, reason: 'done testing' }),
    );
    const stopped = await eventually('the task to stop', async () => {
      const { tasks: [task] = [] } = await h.ecs.send(
        new DescribeTasksCommand({ cluster: 'cruddur', tasks: [arn] }),
      );
      return task?.lastStatus === 'STOPPED' ? task : undefined;
    });
    expect(stopped.stopCode).toBe('UserInitiated');
    expect(stopped.stoppedReason).toBe('done testing');
    expect(stopped.stoppedAt).toBeInstanceOf(Date);
    expect(stopped.containers?.every((c) => c.lastStatus === 'STOPPED')).toBe(true);
    const { taskArns } = await h.ecs.send(
      new ListTasksCommand({ cluster: 'cruddur', desiredStatus: 'STOPPED' }),
    );
    expect(taskArns).toContain(arn);
  });

  it('refuses to delete a scaled service or a cluster with services', async () => {
    await expect(
      h.ecs.send(new DeleteServiceCommand({ cluster: 'cruddur', service: 'frontend-react-js' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      h.ecs.send(new DeleteClusterCommand({ cluster: 'cruddur' })),
    ).rejects.toMatchObject({
      name: 'ClusterContainsServicesException',
    });
  });

  it('drains a deleted service to INACTIVE and drops it from ListServices', async () => {
    await h.ecs.send(
      new DeleteServiceCommand({
        cluster: 'cruddur-staging',
        service: 'notifications-worker',
        force: true,
      }),
    );
    const inactive = await eventually('the service to drain', async () => {
      const { services = [] } = await h.ecs.send(
        new DescribeServicesCommand({
          cluster: 'cruddur-staging',
          services: ['notifications-worker'],
        }),
      );
      return services[0]?.status === 'INACTIVE' ? services[0] : undefined;
    });
    expect(inactive.runningCount).toBe(0);
    const { serviceArns = [] } = await h.ecs.send(
      new ListServicesCommand({ cluster: 'cruddur-staging' }),
    );
    expect(serviceArns.some((arn) => arn.endsWith('/notifications-worker'))).toBe(false);
    // Deleting it again answers with the service as it is; updating it is refused.
    const again = await h.ecs.send(
      new DeleteServiceCommand({ cluster: 'cruddur-staging', service: 'notifications-worker' }),
    );
    expect([again.service?.status, again.service?.desiredCount]).toEqual(['INACTIVE', 0]);
    await expect(
      h.ecs.send(
        new UpdateServiceCommand({
          cluster: 'cruddur-staging',
          service: 'notifications-worker',
          desiredCount: 1,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceNotActiveException',
      message: 'Service was not ACTIVE.',
    });
  });
});
