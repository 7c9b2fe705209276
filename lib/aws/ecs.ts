import 'server-only';
import { time } from './time';
import {
  paginateListTaskDefinitionFamilies,
  ListServiceDeploymentsCommand,
  ListTaskDefinitionsCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  paginateListClusters,
  paginateListServices,
  paginateListTasks,
  type Cluster as SdkCluster,
  type Container as SdkContainer,
  type ContainerDefinition as SdkContainerDefinition,
  type Deployment as SdkDeployment,
  type Service as SdkService,
  type Task as SdkTask,
  type TaskDefinition as SdkTaskDefinition,
} from '@aws-sdk/client-ecs';
import { stripReadOnly } from '../schemas/task-definition';
import { inBatches } from './batch';
import { ecs } from './clients';
import { AwsCallError } from './errors';
import { KEYS } from './cache-keys';
import { readImmutable, readThrough, type Fetched } from './read-cache';
import { describeKeptList, type KeptReuse } from './kept-lists';
import { liveTaskSignatures, serviceMoving } from '../ecs/service-motion';
import type {
  Cluster,
  Container,
  ContainerDefinition,
  ContainerInsights,
  Deployment,
  Service,
  ServiceConnect,
  Task,
  TaskDefinition,
  TaskDefinitionRef,
} from './types';

/** ECS batch limits (aws-wire-reference §3). */
const DESCRIBE_CLUSTERS_MAX = 100;
const DESCRIBE_SERVICES_MAX = 10;
const DESCRIBE_TASKS_MAX = 100;
const LIST_MAX = 100;

/** `arn:...:task-definition/backend-flask:7` -> backend-flask, 7. */
export function taskDefinitionRef(arn: string | undefined): TaskDefinitionRef {
  const value = arn ?? '';
  const short = value.slice(value.lastIndexOf('/') + 1);
  const at = short.lastIndexOf(':');
  return {
    arn: value,
    family: at > 0 ? short.slice(0, at) : short,
    revision: Number(short.slice(at + 1)) || 0,
  };
}

const lastPart = (arn: string | undefined) => (arn ?? '').slice((arn ?? '').lastIndexOf('/') + 1);

function toCluster(cluster: SdkCluster): Cluster {
  const insights = cluster.settings?.find((s) => s.name === 'containerInsights')?.value;
  return {
    name: cluster.clusterName ?? lastPart(cluster.clusterArn),
    arn: cluster.clusterArn ?? '',
    status: cluster.status ?? 'UNKNOWN',
    runningTasks: cluster.runningTasksCount ?? 0,
    pendingTasks: cluster.pendingTasksCount ?? 0,
    activeServices: cluster.activeServicesCount ?? 0,
    containerInsights: (['enhanced', 'enabled'].includes(insights ?? '')
      ? insights
      : 'disabled') as ContainerInsights,
    serviceConnectNamespace: cluster.serviceConnectDefaults?.namespace,
  };
}

function toDeployment(deployment: SdkDeployment): Deployment {
  return {
    id: deployment.id ?? '',
    status: (deployment.status ?? 'ACTIVE') as Deployment['status'],
    taskDefinition: taskDefinitionRef(deployment.taskDefinition),
    desired: deployment.desiredCount ?? 0,
    running: deployment.runningCount ?? 0,
    pending: deployment.pendingCount ?? 0,
    failedTasks: deployment.failedTasks ?? 0,
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
    createdAt: time(deployment.createdAt),
    updatedAt: time(deployment.updatedAt),
  };
}

function toServiceConnect(service: SdkService): ServiceConnect | undefined {
  const config = service.deployments?.find(
    (d) => d.status === 'PRIMARY',
  )?.serviceConnectConfiguration;
  if (!config) return undefined;
  return {
    enabled: config.enabled ?? false,
    namespace: config.namespace,
    services: (config.services ?? []).map((s) => ({
      portName: s.portName ?? '',
      discoveryName: s.discoveryName,
      clientAliases: (s.clientAliases ?? []).map((a) => ({
        port: a.port ?? 0,
        dnsName: a.dnsName,
      })),
    })),
  };
}

function toService(service: SdkService, clusterName: string): Service {
  return {
    name: service.serviceName ?? lastPart(service.serviceArn),
    arn: service.serviceArn ?? '',
    clusterName,
    status: service.status ?? 'UNKNOWN',
    desired: service.desiredCount ?? 0,
    running: service.runningCount ?? 0,
    pending: service.pendingCount ?? 0,
    launchType: service.launchType ?? service.capacityProviderStrategy?.[0]?.capacityProvider,
    taskDefinition: taskDefinitionRef(service.taskDefinition),
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    deployments: (service.deployments ?? []).map(toDeployment),
    events: (service.events ?? []).map((e) => ({
      id: e.id ?? '',
      createdAt: time(e.createdAt),
      message: e.message ?? '',
    })),
    serviceConnect: toServiceConnect(service),
    // Classic load balancers (loadBalancerName) have no target groups to read: left out.
    loadBalancers: (service.loadBalancers ?? []).flatMap((lb) =>
      lb.targetGroupArn
        ? [
            {
              targetGroupArn: lb.targetGroupArn,
              containerName: lb.containerName ?? '',
              containerPort: lb.containerPort ?? 0,
            },
          ]
        : [],
    ),
    circuitBreaker: service.deploymentConfiguration?.deploymentCircuitBreaker && {
      enable: service.deploymentConfiguration.deploymentCircuitBreaker.enable ?? false,
      rollback: service.deploymentConfiguration.deploymentCircuitBreaker.rollback ?? false,
    },
    createdAt: time(service.createdAt),
  };
}

function toContainer(container: SdkContainer): Container {
  return {
    name: container.name ?? '',
    image: container.image ?? '',
    imageDigest: container.imageDigest,
    lastStatus: container.lastStatus ?? 'UNKNOWN',
    healthStatus: container.healthStatus ?? 'UNKNOWN',
    exitCode: container.exitCode,
    reason: container.reason,
    runtimeId: container.runtimeId,
    execAgentRunning:
      container.managedAgents?.some(
        (a) => a.name === 'ExecuteCommandAgent' && a.lastStatus === 'RUNNING',
      ) ?? false,
  };
}

function toTask(task: SdkTask, clusterName: string): Task {
  const eni = task.attachments?.find((a) => a.type === 'ElasticNetworkInterface')?.details ?? [];
  const detail = (name: string) => eni.find((d) => d.name === name)?.value;
  const group = task.group;
  return {
    id: lastPart(task.taskArn),
    arn: task.taskArn ?? '',
    clusterName,
    group,
    serviceName: group?.startsWith('service:') ? group.slice('service:'.length) : undefined,
    startedBy: task.startedBy,
    taskDefinition: taskDefinitionRef(task.taskDefinitionArn),
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    desiredStatus: task.desiredStatus ?? 'UNKNOWN',
    healthStatus: task.healthStatus ?? 'UNKNOWN',
    launchType: task.launchType,
    enableExecuteCommand: task.enableExecuteCommand ?? false,
    cpu: task.cpu,
    memory: task.memory,
    availabilityZone: task.availabilityZone,
    privateIp: detail('privateIPv4Address'),
    eniId: detail('networkInterfaceId'),
    subnetId: detail('subnetId'),
    createdAt: time(task.createdAt),
    startedAt: time(task.startedAt),
    stoppingAt: time(task.stoppingAt),
    stoppedAt: time(task.stoppedAt),
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    containers: (task.containers ?? []).map(toContainer),
  };
}

function toContainerDefinition(container: SdkContainerDefinition): ContainerDefinition {
  const check = container.healthCheck;
  return {
    name: container.name ?? '',
    image: container.image ?? '',
    essential: container.essential ?? true,
    healthCheck: check && {
      command: check.command ?? [],
      interval: check.interval ?? 30,
      timeout: check.timeout ?? 5,
      retries: check.retries ?? 3,
      startPeriod: check.startPeriod ?? 0,
    },
    portMappings: (container.portMappings ?? []).map((p) => ({
      containerPort: p.containerPort ?? 0,
      protocol: p.protocol ?? 'tcp',
      name: p.name,
    })),
    logConfiguration: container.logConfiguration && {
      logDriver: container.logConfiguration.logDriver ?? '',
      options: container.logConfiguration.options ?? {},
    },
    user: container.user,
  };
}

function toTaskDefinition(definition: SdkTaskDefinition): TaskDefinition {
  return {
    registration: stripReadOnly(definition as Record<string, unknown>),
    ...taskDefinitionRef(definition.taskDefinitionArn),
    status: definition.status ?? 'UNKNOWN',
    cpu: definition.cpu,
    memory: definition.memory,
    networkMode: definition.networkMode,
    requiresCompatibilities: definition.requiresCompatibilities ?? [],
    executionRoleArn: definition.executionRoleArn,
    taskRoleArn: definition.taskRoleArn,
    registeredAt: time(definition.registeredAt),
    containers: (definition.containerDefinitions ?? []).map(toContainerDefinition),
  };
}

// ---------------------------------------------------------------------------------------

async function describeClusters(names: string[]): Promise<Cluster[]> {
  return inBatches(names, DESCRIBE_CLUSTERS_MAX, async (batch) => {
    const out = await ecs().send(
      new DescribeClustersCommand({ clusters: batch, include: ['SETTINGS', 'STATISTICS'] }),
    );
    return (out.clusters ?? []).map(toCluster);
  });
}

/**
 * Every cluster: ListClusters pages of 100, then DescribeClusters in batches of 100 with
 * SETTINGS (Container Insights) and STATISTICS.
 */
export function listClusters(): Promise<Fetched<Cluster[]>> {
  return readThrough(KEYS.clusters(), 'ecs:ListClusters', async () => {
    const arns: string[] = [];
    for await (const page of paginateListClusters({ client: ecs(), pageSize: LIST_MAX }, {})) {
      arns.push(...(page.clusterArns ?? []));
    }
    const clusters = await describeClusters(arns);
    return clusters.sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** One cluster, or null when ECS reports it MISSING. */
export function getCluster(name: string): Promise<Fetched<Cluster | null>> {
  return readThrough(KEYS.cluster(name), 'ecs:DescribeClusters', async () => {
    const [cluster] = await describeClusters([name]);
    return cluster && cluster.status !== 'INACTIVE' ? cluster : null;
  });
}

/** The ARNs of each page of a paginated List*, as the pages arrive. */
async function* arnPages<P>(
  pages: AsyncIterable<P>,
  arns: (page: P) => string[] | undefined,
): AsyncGenerator<string[]> {
  for await (const page of pages) yield arns(page) ?? [];
}

/**
 * A paginated list, described and shaped, through the read cache: from a kept list when there
 * is one (describeKeptList), else each page as it arrives. As old as its list of ARNs, or its
 * oldest kept description.
 */
async function readListed<S, T>(
  key: string,
  action: string,
  listing: { pages: () => AsyncIterable<string[]>; size: number; reuse?: KeptReuse<S> },
  describe: (batch: string[]) => Promise<S[]>,
  shape: (described: S[]) => T[],
): Promise<Fetched<T[]>> {
  const { data, stale } = await readThrough(key, action, async () => {
    const { items, listedAt } = await describeKeptList(
      key,
      listing.pages,
      listing.size,
      describe,
      listing.reuse,
    );
    return { items: shape(items), listedAt };
  });
  return { data: data.items, fetchedAt: data.listedAt, ...(stale ? { stale } : {}) };
}

/**
 * Every service of a cluster: ListServices in pages of 100 (its maximum; the default is 10),
 * described in batches of 10 as each page arrives, or from a kept list of over 100
 * (describeKeptList): then only the services that may have changed are described again
 * (redescribe.ts), judged by the cluster's live tasks when the caller reads them anyway
 * (`liveTasks`: the cluster's pages). Without them (or when that read is refused or stale)
 * every service is described: a caller that only needs which services exist (the guard, the
 * repository and task-definition pages) costs no tasks read of the cluster. A service
 * deleted since it was listed is left out.
 * @throws AwsCallError not-found when the cluster does not exist (ClusterNotFoundException).
 */
export function listServices(
  cluster: string,
  liveTasks?: Promise<Fetched<Task[]>>,
): Promise<Fetched<Service[]>> {
  const pages = () =>
    arnPages(
      paginateListServices({ client: ecs(), pageSize: LIST_MAX }, { cluster }),
      (page) => page.serviceArns,
    );
  const reuse: KeptReuse<SdkService> = {
    arnOf: (service) => service.serviceArn ?? '',
    moving: serviceMoving,
    signatures: async () => {
      const tasks = await liveTasks?.catch(() => undefined);
      // A stale read is the last known tasks, not the current ones: no signature.
      if (!tasks || tasks.stale) return () => undefined;
      const signatures = liveTaskSignatures(tasks.data);
      return (service) => signatures.get(service.serviceName ?? '') ?? '';
    },
  };
  return readListed(
    KEYS.services(cluster),
    'ecs:ListServices',
    { pages, size: DESCRIBE_SERVICES_MAX, reuse },
    async (batch) =>
      (await ecs().send(new DescribeServicesCommand({ cluster, services: batch }))).services ?? [],
    (described) =>
      described
        .filter((s) => s.status !== 'INACTIVE')
        .map((s) => toService(s, cluster))
        .sort((a, b) => a.name.localeCompare(b.name)),
  );
}

/** One service, or null when ECS reports it MISSING or INACTIVE. */
export function getService(cluster: string, service: string): Promise<Fetched<Service | null>> {
  return readThrough(KEYS.service(cluster, service), 'ecs:DescribeServices', async () => {
    const out = await ecs().send(new DescribeServicesCommand({ cluster, services: [service] }));
    const found = out.services?.[0];
    return found && found.status !== 'INACTIVE' ? toService(found, cluster) : null;
  });
}

export interface TaskQuery {
  serviceName?: string;
  desiredStatus?: 'RUNNING' | 'STOPPED';
}

/**
 * Tasks of a cluster (or of one service): ListTasks pages of 100, each described in batches
 * of 100 as it arrives, or at once from a kept list of over 100 (describeKeptList). Only tasks
 * whose desired status is still the one asked for are returned. `desiredStatus` RUNNING (the default) includes tasks still starting;
 * STOPPED lists tasks stopped within about the last hour.
 */
export function listTasks(cluster: string, query: TaskQuery = {}): Promise<Fetched<Task[]>> {
  const desiredStatus = query.desiredStatus ?? 'RUNNING';
  const input = {
    cluster,
    desiredStatus,
    ...(query.serviceName ? { serviceName: query.serviceName } : {}),
  };
  const pages = () =>
    arnPages(
      paginateListTasks({ client: ecs(), pageSize: LIST_MAX }, input),
      (page) => page.taskArns,
    );
  return readListed(
    KEYS.tasks(cluster, query.serviceName, desiredStatus),
    'ecs:ListTasks',
    { pages, size: DESCRIBE_TASKS_MAX },
    async (batch) =>
      (await ecs().send(new DescribeTasksCommand({ cluster, tasks: batch }))).tasks ?? [],
    (described) =>
      described
        .map((t) => toTask(t, cluster))
        .filter(
          (t) =>
            // A service's tasks are those it started (group service:<name>), whatever an
            // endpoint's ListTasks filter let through; and a task listed before it was
            // stopped (a kept list) is no longer a live one.
            (!query.serviceName || t.serviceName === query.serviceName) &&
            t.desiredStatus === desiredStatus,
        )
        .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0)),
  );
}

/** One task by id, or null when ECS reports it MISSING (stopped over an hour ago). */
export function getTask(cluster: string, taskId: string): Promise<Fetched<Task | null>> {
  return readThrough(KEYS.task(cluster, taskId), 'ecs:DescribeTasks', async () => {
    const out = await ecs().send(new DescribeTasksCommand({ cluster, tasks: [taskId] }));
    const found = out.tasks?.[0];
    return found ? toTask(found, cluster) : null;
  });
}

/**
 * A task definition revision. Revisions are immutable (only their status changes on
 * deregistration), so each is fetched once per process and kept.
 */
export function getTaskDefinition(arnOrFamilyRevision: string): Promise<TaskDefinition> {
  return readImmutable(
    KEYS.taskDefinition(arnOrFamilyRevision),
    'ecs:DescribeTaskDefinition',
    async () => {
      const out = await ecs().send(
        new DescribeTaskDefinitionCommand({ taskDefinition: arnOrFamilyRevision }),
      );
      if (!out.taskDefinition)
        throw new AwsCallError({
          kind: 'not-found',
          message: `Task definition ${arnOrFamilyRevision} not found.`,
        });
      return toTaskDefinition(out.taskDefinition);
    },
  );
}

/** Several revisions at once, each from the immutable cache when already seen. */
export async function getTaskDefinitions(
  arns: Iterable<string>,
): Promise<Map<string, TaskDefinition>> {
  const unique = [...new Set(arns)].filter(Boolean);
  const definitions = await Promise.all(unique.map((arn) => getTaskDefinition(arn)));
  return new Map(definitions.map((d) => [d.arn, d]));
}

/** The newest ACTIVE revisions of a family, newest first (ListTaskDefinitions sort DESC). */
export function listRevisionArns(family: string, limit = 10): Promise<Fetched<string[]>> {
  return readThrough(KEYS.revisions(family, limit), 'ecs:ListTaskDefinitions', async () => {
    const out = await ecs().send(
      new ListTaskDefinitionsCommand({
        familyPrefix: family,
        sort: 'DESC',
        status: 'ACTIVE',
        maxResults: limit,
      }),
    );
    return out.taskDefinitionArns ?? [];
  });
}

/**
 * The service deployment now in progress, if any: what "stop this rollout" acts on.
 * One ListServiceDeployments call filtered by status.
 */
export function inProgressServiceDeployment(
  cluster: string,
  service: string,
): Promise<Fetched<string | null>> {
  return readThrough(
    KEYS.history(cluster, service, 'in-progress'),
    'ecs:ListServiceDeployments',
    async () => {
      const out = await ecs().send(
        new ListServiceDeploymentsCommand({
          cluster,
          service,
          status: ['PENDING', 'IN_PROGRESS'],
          maxResults: 1,
        }),
      );
      return out.serviceDeployments?.[0]?.serviceDeploymentArn ?? null;
    },
  );
}

/** Every task definition family, active or not (ListTaskDefinitionFamilies status ALL). */
export function listFamilies(): Promise<Fetched<string[]>> {
  return readThrough(KEYS.families(), 'ecs:ListTaskDefinitionFamilies', async () => {
    const families: string[] = [];
    for await (const page of paginateListTaskDefinitionFamilies(
      { client: ecs(), pageSize: LIST_MAX },
      { status: 'ALL' },
    )) {
      families.push(...(page.families ?? []));
    }
    return families.sort();
  });
}

/**
 * The newest revisions of a family, active and inactive, newest first: two ListTaskDefinitions
 * calls (ACTIVE, INACTIVE), each capped at `limit`.
 */
export function listFamilyRevisions(
  family: string,
  limit = 50,
): Promise<Fetched<{ arn: string; revision: number; status: string }[]>> {
  return readThrough(KEYS.revisions(family, 'all', limit), 'ecs:ListTaskDefinitions', async () => {
    const [active, inactive] = await Promise.all(
      (['ACTIVE', 'INACTIVE'] as const).map((status) =>
        ecs().send(
          new ListTaskDefinitionsCommand({
            familyPrefix: family,
            status,
            sort: 'DESC',
            maxResults: Math.min(limit, 100),
          }),
        ),
      ),
    );
    const rows = [
      ...(active?.taskDefinitionArns ?? []).map((arn) => ({
        arn,
        revision: taskDefinitionRef(arn).revision,
        status: 'ACTIVE',
      })),
      ...(inactive?.taskDefinitionArns ?? []).map((arn) => ({
        arn,
        revision: taskDefinitionRef(arn).revision,
        status: 'INACTIVE',
      })),
    ];
    return rows.sort((a, b) => b.revision - a.revision).slice(0, limit);
  });
}
