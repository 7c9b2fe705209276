/**
 * What an ECS account has besides clusters: its account settings (ListAccountSettings), the
 * Fargate capacity providers every account has (DescribeCapacityProviders), and two views of
 * services: by Service Connect namespace (ListServicesByNamespace) and their task sets
 * (DescribeTaskSets, which ECS only answers for the EXTERNAL and CODE_DEPLOY controllers; every
 * sandbox service uses the ECS controller, so it refuses as ECS does for those).
 */
import { AwsError, invalidParameter, serviceNotFound } from '../errors.js';
import {
  optBoolean,
  optEnum,
  optEnums,
  optNumber,
  optString,
  optStrings,
  reqString,
} from '../input.js';
import { namespaceArnFor } from '../servicediscovery/namespaces.js';
import { describeBatch, paginate, type JsonObject } from '../wire.js';
import type { World } from '../world.js';
import { findService } from './services.js';

/** Account settings with their AWS defaults for an account created today. */
const ACCOUNT_DEFAULTS: Record<string, string> = {
  awsvpcTrunking: 'disabled',
  containerInsights: 'disabled',
  containerInstanceLongArnFormat: 'enabled',
  defaultLogDriverMode: 'non-blocking',
  fargateFIPSMode: 'disabled',
  fargateTaskRetirementWaitPeriod: '7',
  guardDutyActivate: 'off',
  serviceLongArnFormat: 'enabled',
  tagResourceAuthorization: 'on',
  taskLongArnFormat: 'enabled',
};
const SETTING_NAMES = Object.keys(ACCOUNT_DEFAULTS);

export function listAccountSettings(world: World, input: JsonObject) {
  const name = optEnum(input, 'name', SETTING_NAMES);
  const value = optString(input, 'value');
  if (value !== undefined && name === undefined)
    throw invalidParameter('The value parameter requires the name parameter.');
  const principalArn = optString(input, 'principalArn') ?? `arn:aws:iam::${world.accountId}:root`;
  optBoolean(input, 'effectiveSettings');
  const settings = SETTING_NAMES.filter(
    (setting) =>
      (name === undefined || setting === name) &&
      (value === undefined || ACCOUNT_DEFAULTS[setting] === value),
  ).map((setting) => ({
    name: setting,
    value: ACCOUNT_DEFAULTS[setting],
    principalArn,
    type: 'aws_managed',
  }));
  const { page, nextToken } = paginate(settings, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 10,
    limit: 10,
    query: `las:${name}:${value}:${principalArn}`,
  });
  return { settings: page, ...(nextToken ? { nextToken } : {}) };
}

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

export function describeCapacityProviders(world: World, input: JsonObject) {
  const asked = optStrings(input, 'capacityProviders');
  const include = optEnums(input, 'include', ['TAGS']) ?? [];
  if (asked && asked.length > 100)
    throw invalidParameter('capacityProviders can have at most 100 items.');
  const arnOf = (name: string) => world.arn('ecs', `capacity-provider/${name}`);
  const describe = (name: string): JsonObject => ({
    capacityProviderArn: arnOf(name),
    name,
    status: 'ACTIVE',
    ...(include.includes('TAGS') ? { tags: [] } : {}),
  });
  if (asked) {
    const { found, failures } = describeBatch(
      asked,
      (ref) => FARGATE_PROVIDERS.find((name) => ref === name || ref === arnOf(name)),
      describe,
      arnOf,
    );
    return { capacityProviders: found, failures };
  }
  const { page, nextToken } = paginate(FARGATE_PROVIDERS, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 10,
    limit: 10,
    query: 'dcp',
  });
  return {
    capacityProviders: page.map(describe),
    failures: [],
    ...(nextToken ? { nextToken } : {}),
  };
}

export function listServicesByNamespace(world: World, input: JsonObject) {
  const ref = reqString(input, 'namespace');
  // A name finds the namespace of that name; one that does not exist has no services.
  const known = ref.startsWith('arn:')
    ? ref
    : [...world.namespaces.values()].find((namespace) => namespace.name === ref)?.arn;
  if (!known) throw new AwsError('NamespaceNotFoundException', 'Namespace not found.');
  const arn = namespaceArnFor(world, known);
  const arns = [...world.services.values()]
    .flatMap((services) => [...services.values()])
    .filter((service) => {
      // A service names its namespace as it was given: by name or by ARN.
      const given = service.serviceConnect?.namespace;
      return (
        service.status === 'ACTIVE' &&
        typeof given === 'string' &&
        namespaceArnFor(world, given) === arn
      );
    })
    .map((service) => service.arn);
  const { page, nextToken } = paginate(arns, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 10,
    limit: 100,
    query: `lsbn:${arn}`,
  });
  return { serviceArns: page, ...(nextToken ? { nextToken } : {}) };
}

export function describeTaskSets(world: World, input: JsonObject): never {
  const cluster = world.cluster(reqString(input, 'cluster'));
  const service = findService(world, cluster, reqString(input, 'service'));
  optStrings(input, 'taskSets');
  optEnums(input, 'include', ['TAGS']);
  if (service.status === 'INACTIVE') throw serviceNotFound();
  // Every sandbox service has the ECS deployment controller; task sets are EXTERNAL's.
  throw invalidParameter(
    'Amazon ECS only supports task set management on services configured to use external deployment controllers.',
  );
}
