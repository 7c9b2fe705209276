/** ECS task definition operations: register, describe, list, deregister. */
import { clientException } from '../errors.js';
import { compact, optEnum, optNumber, optString, optStrings, reqString } from '../input.js';
import type { World } from '../world.js';
import { epochSeconds, paginate, type JsonObject } from '../wire.js';
import type { TaskDefinition } from './model.js';
import { checkTaskDefinition } from './task-definition-rules.js';
import { readTags } from './tags.js';

/** Members AWS stores as given; the rest of the body is built from checked values. */
const PASSTHROUGH = [
  'taskRoleArn',
  'executionRoleArn',
  'volumes',
  'placementConstraints',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
];

export function registerTaskDefinition(world: World, input: JsonObject) {
  const checked = checkTaskDefinition(input);
  const tags = readTags(input.tags);
  const revisions = world.taskDefinitions.get(checked.family) ?? [];
  const revision = revisions.length + 1;
  const arn = world.arn('ecs', `task-definition/${checked.family}:${revision}`);
  const body: JsonObject = {
    taskDefinitionArn: arn,
    containerDefinitions: checked.containerBodies,
    family: checked.family,
    networkMode: checked.networkMode,
    revision,
    volumes: [],
    placementConstraints: [],
    requiresAttributes: requiredAttributes(input, checked.networkMode, checked.containers),
    compatibilities: checked.networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'],
    ...(checked.requiresCompatibilities.length
      ? { requiresCompatibilities: checked.requiresCompatibilities }
      : {}),
    ...(checked.cpu ? { cpu: checked.cpu } : {}),
    ...(checked.memory ? { memory: checked.memory } : {}),
    registeredBy: `arn:aws:iam::${world.accountId}:root`,
  };
  for (const key of PASSTHROUGH) if (input[key] !== undefined) body[key] = input[key];
  const definition: TaskDefinition = {
    arn,
    family: checked.family,
    revision,
    status: 'ACTIVE',
    registeredAt: world.now(),
    containers: checked.containers,
    cpu: checked.cpu,
    memory: checked.memory,
    body,
    tags,
  };
  revisions.push(definition);
  world.taskDefinitions.set(checked.family, revisions);
  return { taskDefinition: describe(definition), ...(tags.length ? { tags } : {}) };
}

function requiredAttributes(
  input: JsonObject,
  networkMode: string,
  containers: TaskDefinition['containers'],
) {
  const names = ['com.amazonaws.ecs.capability.docker-remote-api.1.18'];
  if (containers.some((c) => c.logConfiguration?.logDriver === 'awslogs')) {
    names.push('com.amazonaws.ecs.capability.logging-driver.awslogs');
    if (input.executionRoleArn) names.push('ecs.capability.execution-role-awslogs');
    names.push('com.amazonaws.ecs.capability.docker-remote-api.1.19');
  }
  if (input.taskRoleArn) names.push('com.amazonaws.ecs.capability.task-iam-role');
  if (containers.some((c) => c.healthCheck)) names.push('ecs.capability.container-health-check');
  if (networkMode === 'awsvpc') names.push('ecs.capability.task-eni');
  return names.map((name) => ({ name }));
}

/** The wire shape of a revision, as DescribeTaskDefinition returns it. */
export function describe(definition: TaskDefinition): JsonObject {
  return compact({
    ...definition.body,
    status: definition.status,
    registeredAt: epochSeconds(definition.registeredAt),
    deregisteredAt: epochSeconds(definition.deregisteredAt),
  });
}

export function describeTaskDefinition(world: World, input: JsonObject) {
  const ref = reqString(input, 'taskDefinition');
  const definition = world.findTaskDefinition(ref);
  if (!definition || definition.status === 'DELETE_IN_PROGRESS') {
    throw clientException('Unable to describe task definition.');
  }
  const include = optStrings(input, 'include') ?? [];
  return {
    taskDefinition: describe(definition),
    ...(include.includes('TAGS') ? { tags: definition.tags } : {}),
  };
}

export function listTaskDefinitions(world: World, input: JsonObject) {
  const familyPrefix = optString(input, 'familyPrefix');
  const status = optEnum(input, 'status', ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS']) ?? 'ACTIVE';
  const sort = optEnum(input, 'sort', ['ASC', 'DESC']) ?? 'ASC';
  const arns = [...world.taskDefinitions.entries()]
    .filter(([family]) => familyPrefix === undefined || family === familyPrefix)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, revisions]) => revisions.filter((d) => d.status === status).map((d) => d.arn));
  if (sort === 'DESC') arns.reverse();
  const { page, nextToken } = paginate(arns, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 100,
    limit: 100,
    query: `ltd:${familyPrefix}:${status}:${sort}`,
  });
  return { taskDefinitionArns: page, ...(nextToken ? { nextToken } : {}) };
}

export function listTaskDefinitionFamilies(world: World, input: JsonObject) {
  const familyPrefix = optString(input, 'familyPrefix') ?? '';
  const status = optEnum(input, 'status', ['ACTIVE', 'INACTIVE', 'ALL']) ?? 'ACTIVE';
  const families = [...world.taskDefinitions.entries()]
    .filter(([family]) => family.startsWith(familyPrefix))
    .filter(([, revisions]) => {
      const active = revisions.some((d) => d.status === 'ACTIVE');
      return status === 'ALL' || (status === 'ACTIVE' ? active : !active);
    })
    .map(([family]) => family)
    .sort();
  const { page, nextToken } = paginate(families, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 100,
    limit: 100,
    query: `ltdf:${familyPrefix}:${status}`,
  });
  return { families: page, ...(nextToken ? { nextToken } : {}) };
}

export function deregisterTaskDefinition(world: World, input: JsonObject) {
  const ref = reqString(input, 'taskDefinition');
  if (!/:\d+$/.test(ref)) {
    throw clientException(
      'Invalid revision number. The task definition must include a revision, e.g. family:3.',
    );
  }
  const definition = world.findTaskDefinition(ref);
  if (!definition) throw clientException('The specified task definition does not exist.');
  if (definition.status === 'ACTIVE') {
    definition.status = 'INACTIVE';
    definition.deregisteredAt = world.now();
  }
  return { taskDefinition: describe(definition) };
}
