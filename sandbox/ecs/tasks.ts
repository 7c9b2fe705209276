/** ECS task operations: list, describe, run, stop. */
import { clientException, invalidParameter } from '../errors.js';
import {
  compact,
  optBoolean,
  optNumber,
  optObject,
  optString,
  optStrings,
  reqString,
} from '../input.js';
import type { World } from '../world.js';
import { nameFromArn } from '../world.js';
import { epochSeconds, paginate, type JsonObject, describeBatch } from '../wire.js';
import type { ContainerState, Task } from './model.js';
import { findService } from './services.js';
import { taskHealth } from './health-checks.js';
import { launchTask, stopTask } from './task-lifecycle.js';
import { readTags } from './tags.js';

function findTask(world: World, clusterName: string, ref: string): Task | undefined {
  const id = nameFromArn(ref, 'task/');
  return world.tasks.get(world.arn('ecs', `task/${clusterName}/${id}`));
}

export function listTasks(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const serviceName = optString(input, 'serviceName');
  const family = optString(input, 'family');
  const startedBy = optString(input, 'startedBy');
  const desiredStatus = optString(input, 'desiredStatus') ?? 'RUNNING';
  if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desiredStatus)) {
    throw invalidParameter(
      `Invalid desiredStatus '${desiredStatus}'. Valid values: RUNNING, PENDING, STOPPED.`,
    );
  }
  if (serviceName && family)
    throw invalidParameter('serviceName and family cannot be specified together.');
  const service = serviceName ? findService(world, cluster, serviceName) : undefined;
  const arns: string[] = [];
  for (const task of world.tasks.values()) {
    if (task.cluster !== cluster) continue;
    if (service && task.service !== service) continue;
    if (family && task.taskDefinition.family !== family) continue;
    if (startedBy && task.startedBy !== startedBy) continue;
    const wanted = desiredStatus === 'PENDING' ? 'RUNNING' : desiredStatus;
    if (task.desiredStatus !== wanted) continue;
    if (desiredStatus === 'PENDING' && task.lastStatus === 'RUNNING') continue;
    arns.push(task.arn);
  }
  const { page, nextToken } = paginate(arns, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 100,
    limit: 100,
    query: `lt:${cluster.name}:${serviceName}:${family}:${startedBy}:${desiredStatus}`,
  });
  return { taskArns: page, ...(nextToken ? { nextToken } : {}) };
}

export function describeTasks(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const refs = optStrings(input, 'tasks') ?? [];
  if (refs.length === 0) throw invalidParameter('Tasks cannot be empty.');
  if (refs.length > 100) throw invalidParameter('tasks can have at most 100 items.');
  const include = optStrings(input, 'include') ?? [];
  const { found, failures } = describeBatch(
    refs,
    (ref) => findTask(world, cluster.name, ref),
    (task) => describeTask(world, task, include),
    (ref) => world.arn('ecs', `task/${cluster.name}/${ref}`),
  );
  return { tasks: found, failures };
}

export function runTask(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const definition = world.findTaskDefinition(reqString(input, 'taskDefinition'));
  if (!definition) throw clientException('TaskDefinition not found.');
  if (definition.status !== 'ACTIVE') throw clientException('TaskDefinition is inactive');
  const count = optNumber(input, 'count') ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10)
    throw invalidParameter('count must be between 1 and 10.');
  const networkConfiguration = optObject(input, 'networkConfiguration');
  if (definition.body.networkMode === 'awsvpc' && !networkConfiguration?.awsvpcConfiguration) {
    throw invalidParameter(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
  const tags = readTags(input.tags);
  const tasks = Array.from({ length: count }, () =>
    launchTask(world, {
      cluster,
      definition,
      group: optString(input, 'group') ?? `family:${definition.family}`,
      startedBy: optString(input, 'startedBy'),
      enableExecuteCommand: optBoolean(input, 'enableExecuteCommand') ?? false,
      networkConfiguration,
      tags,
    }),
  );
  return { tasks: tasks.map((task) => describeTask(world, task, [])), failures: [] };
}

export function stopTaskOperation(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const ref = reqString(input, 'task');
  const task = findTask(world, cluster.name, ref);
  if (!task) throw invalidParameter('The referenced task was not found.');
  stopTask(world, task, 'UserInitiated', optString(input, 'reason') ?? 'Task stopped by user');
  return { task: describeTask(world, task, []) };
}

function describeContainer(task: Task, container: ContainerState): JsonObject {
  const running = container.lastStatus === 'RUNNING';
  return compact({
    containerArn: container.containerArn,
    taskArn: task.arn,
    name: container.name,
    image: container.image,
    imageDigest: container.imageDigest,
    runtimeId: container.startedAt !== undefined ? container.runtimeId : undefined,
    lastStatus: container.lastStatus,
    exitCode: container.exitCode,
    reason: container.reason,
    networkBindings: [],
    networkInterfaces:
      task.lastStatus === 'PROVISIONING'
        ? []
        : [{ attachmentId: task.eni.attachmentId, privateIpv4Address: task.eni.privateIp }],
    healthStatus: container.healthStatus,
    managedAgents:
      task.enableExecuteCommand && container.startedAt !== undefined
        ? [
            {
              lastStartedAt: epochSeconds(container.startedAt),
              name: 'ExecuteCommandAgent',
              lastStatus: running ? 'RUNNING' : 'STOPPED',
            },
          ]
        : undefined,
    cpu: '0',
  });
}

function attachmentStatus(task: Task) {
  switch (task.lastStatus) {
    case 'PROVISIONING':
      return 'PRECREATED';
    case 'STOPPED':
      return 'DELETED';
    case 'DEPROVISIONING':
      return 'DELETING';
    default:
      return 'ATTACHED';
  }
}

export function describeTask(world: World, task: Task, include: string[]): JsonObject {
  return compact({
    attachments: [
      {
        id: task.eni.attachmentId,
        type: 'ElasticNetworkInterface',
        status: attachmentStatus(task),
        details: [
          { name: 'subnetId', value: task.eni.subnetId },
          { name: 'networkInterfaceId', value: task.eni.id },
          { name: 'macAddress', value: task.eni.mac },
          {
            name: 'privateDnsName',
            value: `ip-${task.eni.privateIp.replaceAll('.', '-')}.ec2.internal`,
          },
          { name: 'privateIPv4Address', value: task.eni.privateIp },
        ],
      },
    ],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: task.availabilityZone,
    clusterArn: task.cluster.arn,
    connectivity: task.connectivityAt !== undefined ? 'CONNECTED' : undefined,
    connectivityAt: epochSeconds(task.connectivityAt),
    containers: task.containers.map((container) => describeContainer(task, container)),
    cpu: task.taskDefinition.cpu,
    createdAt: epochSeconds(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: task.enableExecuteCommand,
    ephemeralStorage: { sizeInGiB: 20 },
    executionStoppedAt: epochSeconds(task.executionStoppedAt),
    group: task.group,
    healthStatus: taskHealth(task),
    lastStatus: task.lastStatus,
    launchType: 'FARGATE',
    memory: task.taskDefinition.memory,
    overrides: {
      containerOverrides: task.containers
        .filter((c) => !c.managedProxy)
        .map((c) => ({ name: c.name })),
      inferenceAcceleratorOverrides: [],
    },
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    pullStartedAt: epochSeconds(task.pullStartedAt),
    pullStoppedAt: epochSeconds(task.pullStoppedAt),
    startedAt: epochSeconds(task.startedAt),
    startedBy: task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: epochSeconds(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: epochSeconds(task.stoppingAt),
    tags: include.includes('TAGS') ? task.tags : [],
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinition.arn,
    version: task.version,
  });
}
