/** The deployment history operations behind the ECS console (reference §6). */
import { conflict, invalidParameter, serviceDeploymentNotFound } from '../errors.js';
import { compact, optNumber, optObject, optString, optStrings, reqString } from '../input.js';
import type { World } from '../world.js';
import { epochSeconds, paginate, type JsonObject } from '../wire.js';
import type { ServiceDeployment } from './model.js';
import { findService } from './services.js';
import { deploymentCounts } from './simulation.js';
import { startRollback } from './rollout.js';

/** What a service deployment and its list summary share. */
function common(record: ServiceDeployment): JsonObject {
  return compact({
    serviceDeploymentArn: record.arn,
    serviceArn: record.serviceArn,
    clusterArn: record.clusterArn,
    startedAt: epochSeconds(record.startedAt),
    createdAt: epochSeconds(record.createdAt),
    finishedAt: epochSeconds(record.finishedAt),
    status: record.status,
    statusReason: record.statusReason,
  });
}

/** The list summary: only it names the target revision by ARN (the full record nests it). */
const brief = (record: ServiceDeployment): JsonObject => ({
  ...common(record),
  targetServiceRevisionArn: record.targetRevisionArn,
});

export function listServiceDeployments(world: World, input: JsonObject) {
  const cluster = world.cluster(optString(input, 'cluster'));
  const service = findService(world, cluster, reqString(input, 'service'));
  const statuses = optStrings(input, 'status');
  const createdAt = optObject(input, 'createdAt');
  const after = createdAt && optNumber(createdAt, 'after');
  const before = createdAt && optNumber(createdAt, 'before');
  const records = [...world.serviceDeployments.values()]
    .filter((r) => r.serviceArn === service.arn)
    .filter((r) => !statuses || statuses.includes(r.status))
    .filter((r) => after === undefined || r.createdAt >= after * 1000)
    .filter((r) => before === undefined || r.createdAt <= before * 1000)
    .sort((a, b) => b.createdAt - a.createdAt);
  const { page, nextToken } = paginate(records, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 20,
    limit: 100,
    query: `lsd:${service.arn}:${statuses?.join()}:${after}:${before}`,
  });
  return { serviceDeployments: page.map(brief), ...(nextToken ? { nextToken } : {}) };
}

function revisionSummary(world: World, arn: string): JsonObject {
  let requested = 0;
  let running = 0;
  let pending = 0;
  for (const services of world.services.values()) {
    for (const service of services.values()) {
      for (const deployment of service.deployments) {
        if (deployment.serviceRevisionArn !== arn) continue;
        const counts = deploymentCounts(world, deployment);
        requested += deployment.desiredCount;
        running += counts.running;
        pending += counts.pending;
      }
    }
  }
  return {
    arn,
    requestedTaskCount: requested,
    runningTaskCount: running,
    pendingTaskCount: pending,
  };
}

export function describeServiceDeployments(world: World, input: JsonObject) {
  const arns = optStrings(input, 'serviceDeploymentArns') ?? [];
  if (arns.length === 0) throw invalidParameter('serviceDeploymentArns cannot be empty.');
  if (arns.length > 20) throw invalidParameter('serviceDeploymentArns can have at most 20 items.');
  const serviceDeployments: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const arn of arns) {
    const record = world.serviceDeployments.get(arn);
    if (!record) {
      failures.push({ arn, reason: 'MISSING' });
      continue;
    }
    serviceDeployments.push(
      compact({
        ...common(record),
        updatedAt: epochSeconds(record.updatedAt),
        stoppedAt: epochSeconds(record.stoppedAt),
        sourceServiceRevisions: record.sourceRevisionArns.map((a) => revisionSummary(world, a)),
        targetServiceRevision: revisionSummary(world, record.targetRevisionArn),
        deploymentConfiguration: record.deploymentConfiguration,
        rollback: record.rollback && {
          reason: record.rollback.reason,
          startedAt: epochSeconds(record.rollback.startedAt),
          serviceRevisionArn: record.rollback.serviceRevisionArn,
        },
        deploymentCircuitBreaker: {
          status: !record.circuitBreaker.enabled
            ? 'DISABLED'
            : record.circuitBreaker.failureCount >= record.circuitBreaker.threshold
              ? 'TRIGGERED'
              : 'MONITORING',
          failureCount: record.circuitBreaker.failureCount,
          threshold: record.circuitBreaker.threshold,
        },
      }),
    );
  }
  return { serviceDeployments, failures };
}

export function describeServiceRevisions(world: World, input: JsonObject) {
  const arns = optStrings(input, 'serviceRevisionArns') ?? [];
  if (arns.length === 0) throw invalidParameter('serviceRevisionArns cannot be empty.');
  if (arns.length > 20) throw invalidParameter('serviceRevisionArns can have at most 20 items.');
  const serviceRevisions: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const arn of arns) {
    const revision = world.serviceRevisions.get(arn);
    if (!revision) {
      failures.push({ arn, reason: 'MISSING' });
      continue;
    }
    serviceRevisions.push(
      compact({
        serviceRevisionArn: revision.arn,
        serviceArn: revision.serviceArn,
        clusterArn: revision.clusterArn,
        taskDefinition: revision.taskDefinition.arn,
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        platformFamily: 'Linux',
        containerImages: revision.containerImages,
        networkConfiguration: revision.networkConfiguration,
        serviceConnectConfiguration: revision.serviceConnectConfiguration,
        loadBalancers: [],
        serviceRegistries: [],
        guardDutyEnabled: false,
        createdAt: epochSeconds(revision.createdAt),
      }),
    );
  }
  return { serviceRevisions, failures };
}

export function stopServiceDeployment(world: World, input: JsonObject) {
  const arn = reqString(input, 'serviceDeploymentArn');
  const stopType = optString(input, 'stopType') ?? 'ROLLBACK';
  const record = world.serviceDeployments.get(arn);
  if (!record) throw serviceDeploymentNotFound();
  if (stopType !== 'ROLLBACK') {
    throw invalidParameter(
      `stopType ${stopType} is not supported for the ROLLING deployment strategy. Use ROLLBACK.`,
    );
  }
  if (record.status !== 'IN_PROGRESS' && record.status !== 'PENDING') {
    throw conflict(
      `The service deployment is ${record.status} and can only be stopped while IN_PROGRESS.`,
    );
  }
  const [clusterName = '', serviceName = ''] = record.serviceArn.split('/').slice(1);
  const service = findService(world, world.cluster(clusterName), serviceName);
  const primary = service.deployments[0];
  if (!primary || primary.serviceDeploymentArn !== arn) {
    throw conflict("Only the service's current deployment can be stopped.");
  }
  if (!service.lastCompleted) {
    throw invalidParameter('There is no previous successful service revision to roll back to.');
  }
  record.status = 'ROLLBACK_REQUESTED';
  primary.rolloutState = 'FAILED';
  primary.rolloutStateReason = 'ECS deployment rollback requested by StopServiceDeployment.';
  startRollback(world, service, 'Rollback requested with StopServiceDeployment');
  return { serviceDeploymentArn: arn };
}
