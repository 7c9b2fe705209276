/** ECS cluster operations. */
import { clusterContainsServices, clusterContainsTasks, invalidParameter } from '../errors.js';
import {
  isObject,
  optArray,
  optNumber,
  optObject,
  optEnums,
  optString,
  optStrings,
  reqString,
} from '../input.js';
import { nameFromArn, type World } from '../world.js';
import { describeBatch, paginate, type JsonObject } from '../wire.js';
import type { Cluster } from './model.js';
import { readTags } from './tags.js';
import { namespaceArnFor } from '../servicediscovery/namespaces.js';

const INSIGHTS = ['enhanced', 'enabled', 'disabled'] as const;

function readInsights(
  settings: JsonObject[] | undefined,
): Cluster['containerInsights'] | undefined {
  let value: Cluster['containerInsights'] | undefined;
  for (const setting of settings ?? []) {
    if (setting.name !== 'containerInsights') {
      throw invalidParameter(
        `Invalid setting name ${JSON.stringify(setting.name)}. Valid value: containerInsights.`,
      );
    }
    const given = setting.value;
    if (typeof given !== 'string' || !(INSIGHTS as readonly string[]).includes(given)) {
      throw invalidParameter(
        `Invalid value ${JSON.stringify(given)} for containerInsights. Valid values: enhanced, enabled, disabled.`,
      );
    }
    value = given as Cluster['containerInsights'];
  }
  return value;
}

function settingsOf(input: JsonObject): JsonObject[] | undefined {
  return optArray(input, 'settings')?.filter(isObject);
}

export function createCluster(world: World, input: JsonObject) {
  const name = optString(input, 'clusterName') ?? 'default';
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw invalidParameter(
      'Cluster name can only contain letters (uppercase and lowercase), numbers, hyphens, and underscores, up to 255 characters.',
    );
  }
  const insights = readInsights(settingsOf(input)) ?? 'disabled';
  const namespace = optString(optObject(input, 'serviceConnectDefaults') ?? {}, 'namespace');
  const existing = world.clusters.get(name);
  // CreateCluster is idempotent for an active cluster of the same name, as on AWS.
  if (existing && existing.status === 'ACTIVE')
    return { cluster: describeCluster(world, existing, []) };
  const cluster: Cluster = {
    arn: world.arn('ecs', `cluster/${name}`),
    name,
    status: 'ACTIVE',
    containerInsights: insights,
    serviceConnectNamespaceArn: namespace ? namespaceArnFor(world, namespace) : undefined,
    tags: readTags(input.tags),
    createdAt: world.now(),
  };
  world.clusters.set(name, cluster);
  return { cluster: describeCluster(world, cluster, []) };
}

export function describeCluster(world: World, cluster: Cluster, include: string[]): JsonObject {
  const services = [...(world.services.get(cluster.name)?.values() ?? [])];
  const tasks = [...world.tasks.values()].filter((task) => task.cluster === cluster);
  const running = tasks.filter((t) => t.lastStatus === 'RUNNING').length;
  const pending = tasks.filter((t) =>
    ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(t.lastStatus),
  ).length;
  const activeServices = services.filter((s) => s.status === 'ACTIVE');
  const body: JsonObject = {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: activeServices.length,
    statistics: [],
    tags: [],
    settings: [],
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [],
  };
  if (include.includes('SETTINGS')) {
    body.settings = [{ name: 'containerInsights', value: cluster.containerInsights }];
  }
  if (include.includes('TAGS')) body.tags = cluster.tags;
  if (include.includes('STATISTICS')) {
    const count = (status: string[]) => tasks.filter((t) => status.includes(t.lastStatus)).length;
    body.statistics = [
      { name: 'runningFargateTasksCount', value: String(running) },
      { name: 'pendingFargateTasksCount', value: String(pending) },
      { name: 'runningEC2TasksCount', value: '0' },
      { name: 'pendingEC2TasksCount', value: '0' },
      { name: 'runningExternalTasksCount', value: '0' },
      { name: 'pendingExternalTasksCount', value: '0' },
      { name: 'activeFargateServiceCount', value: String(activeServices.length) },
      {
        name: 'drainingFargateServiceCount',
        value: String(services.filter((s) => s.status === 'DRAINING').length),
      },
      { name: 'activeEC2ServiceCount', value: '0' },
      { name: 'drainingEC2ServiceCount', value: '0' },
      { name: 'activeExternalServiceCount', value: '0' },
      { name: 'drainingExternalServiceCount', value: '0' },
      {
        name: 'stoppingFargateTasksCount',
        value: String(count(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING'])),
      },
    ];
  }
  if (cluster.serviceConnectNamespaceArn) {
    body.serviceConnectDefaults = { namespace: cluster.serviceConnectNamespaceArn };
  }
  return body;
}

export function describeClusters(world: World, input: JsonObject) {
  const refs = optStrings(input, 'clusters') ?? ['default'];
  if (refs.length > 100) throw invalidParameter('clusters can have at most 100 items.');
  const include =
    optEnums(input, 'include', [
      'ATTACHMENTS',
      'CONFIGURATIONS',
      'SETTINGS',
      'STATISTICS',
      'TAGS',
    ]) ?? [];
  const { found, failures } = describeBatch(
    refs,
    (ref) => world.clusters.get(nameFromArn(ref, 'cluster/')),
    (cluster) => describeCluster(world, cluster, include),
    (ref) => world.arn('ecs', `cluster/${ref}`),
  );
  return { clusters: found, failures };
}

export function listClusters(world: World, input: JsonObject) {
  const arns = [...world.clusters.values()].filter((c) => c.status === 'ACTIVE').map((c) => c.arn);
  const { page, nextToken } = paginate(arns, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 100,
    limit: 100,
    query: 'lc',
  });
  return { clusterArns: page, ...(nextToken ? { nextToken } : {}) };
}

export function updateClusterSettings(world: World, input: JsonObject) {
  const cluster = world.cluster(reqString(input, 'cluster'));
  const insights = readInsights(settingsOf(input));
  if (insights === undefined) throw invalidParameter('settings can not be empty.');
  cluster.containerInsights = insights;
  return { cluster: describeCluster(world, cluster, ['SETTINGS']) };
}

export function deleteCluster(world: World, input: JsonObject) {
  const cluster = world.cluster(reqString(input, 'cluster'));
  const services = [...world.servicesOf(cluster).values()];
  if (services.some((service) => service.status !== 'INACTIVE')) {
    throw clusterContainsServices();
  }
  if ([...world.tasks.values()].some((t) => t.cluster === cluster && t.lastStatus !== 'STOPPED')) {
    throw clusterContainsTasks();
  }
  cluster.status = 'INACTIVE';
  const body = describeCluster(world, cluster, []);
  world.clusters.delete(cluster.name);
  world.services.delete(cluster.name);
  return { cluster: body };
}
