/** ECS service operations: create, update (deploy, scale, exec), describe, list, delete. */
import { checkLoadBalancers } from '../elbv2/load-balancing.js';
import { clientException, invalidParameter, serviceNotActive, serviceNotFound } from '../errors.js';
import {
  compact,
  isObject,
  optBoolean,
  optNumber,
  optObject,
  optEnum,
  optEnums,
  optString,
  optStrings,
  reqString,
} from '../input.js';
import type { World } from '../world.js';
import { nameFromArn } from '../world.js';
import { describeBatch, epochSeconds, paginate, type JsonObject } from '../wire.js';
import type { Cluster, Deployment, Service, TaskDefinition } from './model.js';
import { createDeployment, deploymentConfiguration } from './rollout.js';
import { deploymentCounts } from './simulation.js';
import { readTags } from './tags.js';

/**
 * A service of `cluster` by name or ARN. An ARN names its cluster (service/<cluster>/<name>):
 * one of another cluster is not this cluster's service, whatever its name.
 */
function serviceIn(world: World, cluster: Cluster, ref: string): Service | undefined {
  if (ref.startsWith('arn:')) {
    const path = ref.slice(ref.indexOf(':service/') + ':service/'.length).split('/');
    if (path.length === 2 && path[0] !== cluster.name) return undefined;
  }
  return world.servicesOf(cluster).get(nameFromArn(ref, 'service/'));
}

export function findService(world: World, cluster: Cluster, ref: string): Service {
  const service = serviceIn(world, cluster, ref);
  if (!service) throw serviceNotFound();
  return service;
}

function activeService(world: World, cluster: Cluster, ref: string): Service {
  const service = findService(world, cluster, ref);
  if (service.status !== 'ACTIVE') throw serviceNotActive();
  return service;
}

/** The task definition a service may run on Fargate, or the error ECS gives. */
function deployableDefinition(world: World, ref: string): TaskDefinition {
  const definition = world.findTaskDefinition(ref);
  if (!definition) throw clientException('TaskDefinition not found.');
  if (definition.status !== 'ACTIVE') throw invalidParameter('TaskDefinition is inactive');
  if (definition.body.networkMode !== 'awsvpc') {
    throw invalidParameter('Task definition does not support launch_type FARGATE.');
  }
  return definition;
}

function checkNetwork(definition: TaskDefinition, network: JsonObject | undefined) {
  const vpc = network && optObject(network, 'awsvpcConfiguration');
  if (definition.body.networkMode === 'awsvpc' && !vpc) {
    throw invalidParameter(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
  if (vpc && (optStrings(vpc, 'subnets') ?? []).length === 0) {
    throw invalidParameter('subnets can not be empty.');
  }
}

/** Service Connect needs a namespace and port names the task definition declares. */
function checkServiceConnect(
  cluster: Cluster,
  definition: TaskDefinition,
  config: JsonObject | undefined,
): JsonObject | undefined {
  if (!config) return undefined;
  if (config.enabled !== true) return { enabled: false };
  const namespace = optString(config, 'namespace');
  if (!namespace && !cluster.serviceConnectNamespaceArn) {
    throw invalidParameter(
      "Service Connect requires a namespace: set serviceConnectConfiguration.namespace or the cluster's serviceConnectDefaults.",
    );
  }
  const portNames = new Set(
    definition.containers.flatMap((c) => c.portMappings.map((p) => p.name)),
  );
  const services = Array.isArray(config.services) ? config.services.filter(isObject) : [];
  for (const entry of services) {
    const portName = optString(entry, 'portName');
    if (!portName || !portNames.has(portName)) {
      throw invalidParameter(
        `The Service Connect portName '${String(portName)}' does not match any portMappings name in task definition ${definition.family}:${definition.revision}.`,
      );
    }
  }
  return { ...config, namespace: namespace ?? cluster.serviceConnectNamespaceArn };
}

type DeploymentSettings = Pick<
  Service,
  'circuitBreaker' | 'maximumPercent' | 'minimumHealthyPercent'
>;

/** The deployment settings after applying `config` to `current`, checked, without changing it. */
function readDeploymentConfiguration(
  current: DeploymentSettings,
  config: JsonObject | undefined,
): DeploymentSettings {
  if (!config) return current;
  const breaker = optObject(config, 'deploymentCircuitBreaker');
  const next: DeploymentSettings = {
    circuitBreaker: breaker
      ? {
          enable: optBoolean(breaker, 'enable') ?? false,
          rollback: optBoolean(breaker, 'rollback') ?? false,
        }
      : current.circuitBreaker,
    maximumPercent: optNumber(config, 'maximumPercent') ?? current.maximumPercent,
    minimumHealthyPercent:
      optNumber(config, 'minimumHealthyPercent') ?? current.minimumHealthyPercent,
  };
  if (
    next.maximumPercent < 100 ||
    next.minimumHealthyPercent < 0 ||
    next.minimumHealthyPercent > 100
  ) {
    throw invalidParameter(
      'maximumPercent must be at least 100 and minimumHealthyPercent between 0 and 100.',
    );
  }
  if (next.maximumPercent === 100 && next.minimumHealthyPercent === 100) {
    throw invalidParameter(
      'The maximumPercent and minimumHealthyPercent values cannot both be 100.',
    );
  }
  return next;
}

function desiredCountOf(input: JsonObject): number | undefined {
  const count = optNumber(input, 'desiredCount');
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
    throw invalidParameter('desiredCount must be a non-negative integer.');
  }
  return count;
}

export function createService(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const name = reqString(input, 'serviceName');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw invalidParameter(
      'Service name can only contain letters, numbers, hyphens and underscores, up to 255 characters.',
    );
  }
  const existing = world.servicesOf(cluster).get(name);
  if (existing && existing.status !== 'INACTIVE') {
    throw invalidParameter('Creation of service was not idempotent.');
  }
  const launchType = optString(input, 'launchType') ?? 'FARGATE';
  if (launchType !== 'FARGATE') {
    throw invalidParameter(
      `The sandbox runs Fargate only; launchType ${launchType} has no container instances.`,
    );
  }
  const desiredCount = desiredCountOf(input);
  if (desiredCount === undefined)
    throw invalidParameter('desiredCount is required for the REPLICA scheduling strategy.');
  const definition = deployableDefinition(world, reqString(input, 'taskDefinition'));
  const networkConfiguration = optObject(input, 'networkConfiguration');
  checkNetwork(definition, networkConfiguration);
  const settings = readDeploymentConfiguration(
    {
      circuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    optObject(input, 'deploymentConfiguration'),
  );
  const service: Service = {
    ...settings,
    arn: world.arn('ecs', `service/${cluster.name}/${name}`),
    name,
    cluster,
    status: 'ACTIVE',
    desiredCount,
    taskDefinition: definition,
    deployments: [],
    events: [],
    networkConfiguration,
    loadBalancers: checkLoadBalancers(world, input.loadBalancers),
    serviceConnect: checkServiceConnect(
      cluster,
      definition,
      optObject(input, 'serviceConnectConfiguration'),
    ),
    enableExecuteCommand: optBoolean(input, 'enableExecuteCommand') ?? false,
    healthCheckGracePeriodSeconds: optNumber(input, 'healthCheckGracePeriodSeconds'),
    propagateTags: optString(input, 'propagateTags') ?? 'NONE',
    enableECSManagedTags: optBoolean(input, 'enableECSManagedTags') ?? false,
    tags: readTags(input.tags),
    createdAt: world.now(),
    steady: false,
  };
  world.servicesOf(cluster).set(name, service);
  createDeployment(world, service, definition);
  return { service: describeService(world, service, []) };
}

export function updateService(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const service = activeService(world, cluster, reqString(input, 'service'));
  const desiredCount = desiredCountOf(input);
  const definitionRef = optString(input, 'taskDefinition');
  const definition = definitionRef
    ? deployableDefinition(world, definitionRef)
    : service.taskDefinition;
  const networkConfiguration = optObject(input, 'networkConfiguration');
  if (networkConfiguration) checkNetwork(definition, networkConfiguration);
  const serviceConnect = optObject(input, 'serviceConnectConfiguration');
  const checkedServiceConnect = serviceConnect
    ? checkServiceConnect(cluster, definition, serviceConnect)
    : service.serviceConnect?.enabled === true
      ? checkServiceConnect(cluster, definition, service.serviceConnect)
      : service.serviceConnect;

  const settings = readDeploymentConfiguration(
    service,
    optObject(input, 'deploymentConfiguration'),
  );
  const grace = optNumber(input, 'healthCheckGracePeriodSeconds');
  const loadBalancers =
    input.loadBalancers === undefined ? undefined : checkLoadBalancers(world, input.loadBalancers);
  const exec = optBoolean(input, 'enableExecuteCommand');

  // Everything above is checked before anything below changes.
  Object.assign(service, settings);
  const redeploy =
    optBoolean(input, 'forceNewDeployment') === true ||
    definition !== service.taskDefinition ||
    networkConfiguration !== undefined ||
    serviceConnect !== undefined;
  if (desiredCount !== undefined) {
    service.desiredCount = desiredCount;
    const primary = service.deployments[0];
    if (primary) primary.desiredCount = desiredCount;
  }
  // enableExecuteCommand applies to tasks started from now on; running tasks keep theirs.
  if (exec !== undefined) service.enableExecuteCommand = exec;
  if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace;
  if (loadBalancers) service.loadBalancers = loadBalancers;
  if (networkConfiguration) service.networkConfiguration = networkConfiguration;
  service.serviceConnect = checkedServiceConnect;
  if (redeploy) createDeployment(world, service, definition);
  service.steady = false;
  return { service: describeService(world, service, []) };
}

export function describeServices(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const refs = optStrings(input, 'services') ?? [];
  if (refs.length === 0) throw invalidParameter('Services cannot be empty.');
  if (refs.length > 10) throw invalidParameter('service names can have at most 10 items.');
  const include = optEnums(input, 'include', ['TAGS']) ?? [];
  const { found, failures } = describeBatch(
    refs,
    (ref) => serviceIn(world, cluster, ref),
    (service) => describeService(world, service, include),
    (ref) => (ref.startsWith('arn:') ? ref : world.arn('ecs', `service/${cluster.name}/${ref}`)),
  );
  return { services: found, failures };
}

const LAUNCH_TYPES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'] as const;

export function listServices(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const launchType = optEnum(input, 'launchType', LAUNCH_TYPES);
  const arns = [...world.servicesOf(cluster).values()]
    .filter(
      (s) => s.status !== 'INACTIVE' && (launchType === undefined || launchType === 'FARGATE'),
    )
    .map((s) => s.arn);
  const { page, nextToken } = paginate(arns, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 10,
    limit: 100,
    query: `ls:${cluster.name}:${launchType}`,
  });
  return { serviceArns: page, ...(nextToken ? { nextToken } : {}) };
}

export function deleteService(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const service = findService(world, cluster, reqString(input, 'service'));
  // Deleting again is not an error: ECS answers with the service as it is, DRAINING or
  // INACTIVE (aws/aws-cli#1334, aws/aws-sdk-js#4189). UpdateService is what refuses it.
  if (service.status !== 'ACTIVE') return { service: describeService(world, service, []) };
  if (service.desiredCount > 0 && optBoolean(input, 'force') !== true) {
    throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
  }
  service.status = 'DRAINING';
  service.desiredCount = 0;
  service.deletedAt = world.now();
  return { service: describeService(world, service, []) };
}

function describeDeployment(
  world: World,
  service: Service,
  deployment: Deployment,
  index: number,
): JsonObject {
  const counts = deploymentCounts(world, deployment);
  return compact({
    id: deployment.id,
    status: index === 0 ? 'PRIMARY' : 'ACTIVE',
    taskDefinition: deployment.taskDefinition.arn,
    desiredCount: deployment.desiredCount,
    pendingCount: counts.pending,
    runningCount: counts.running,
    failedTasks: deployment.failedTasks,
    createdAt: epochSeconds(deployment.createdAt),
    updatedAt: epochSeconds(deployment.updatedAt),
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    networkConfiguration: service.networkConfiguration,
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
    serviceConnectConfiguration: deployment.serviceConnect,
    serviceConnectResources:
      deployment.serviceConnect?.enabled === true &&
      Array.isArray(deployment.serviceConnect.services)
        ? deployment.serviceConnect.services.filter(isObject).map((entry) => {
            const discoveryName =
              optString(entry, 'discoveryName') ?? optString(entry, 'portName') ?? '';
            return {
              discoveryName,
              discoveryArn: world.arn(
                'servicediscovery',
                `service/srv-${discoveryName.replace(/[^a-z0-9]/gi, '').slice(0, 12)}`,
              ),
            };
          })
        : undefined,
  });
}

export function describeService(world: World, service: Service, include: string[]): JsonObject {
  const deployments = service.deployments.map((d, i) => describeDeployment(world, service, d, i));
  const sum = (key: 'runningCount' | 'pendingCount') =>
    deployments.reduce((total, d) => total + (typeof d[key] === 'number' ? d[key] : 0), 0);
  return compact({
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.cluster.arn,
    loadBalancers: service.loadBalancers.map((lb) => ({ ...lb })),
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: sum('runningCount'),
    pendingCount: sum('pendingCount'),
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: service.taskDefinition.arn,
    deploymentConfiguration: deploymentConfiguration(service),
    deployments,
    roleArn: world
      .arn('iam', 'role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS')
      .replace(`:${world.region}:`, '::'),
    events: service.events.map((event) => ({
      id: event.id,
      createdAt: epochSeconds(event.createdAt),
      message: event.message,
    })),
    createdAt: epochSeconds(service.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: service.networkConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    createdBy: `arn:aws:iam::${world.accountId}:root`,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
    availabilityZoneRebalancing: 'ENABLED',
    ...(include.includes('TAGS') ? { tags: service.tags } : {}),
  });
}
