/**
 * Deployments as ECS makes them: each one pins a service revision (task definition and
 * image digests) and is tracked in the service deployment history the console reads.
 */
import { resolveDigest } from '../images.js';
import type { World } from '../world.js';
import { addEvent } from './events.js';
import type { Deployment, Service, ServiceDeployment, TaskDefinition } from './model.js';

/** 0.5 × desiredCount, clamped to [3, 200] consecutive failed tasks. */
export function circuitBreakerThreshold(desiredCount: number) {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount * 0.5)));
}

export function deploymentConfiguration(service: Service) {
  return {
    deploymentCircuitBreaker: { ...service.circuitBreaker },
    maximumPercent: service.maximumPercent,
    minimumHealthyPercent: service.minimumHealthyPercent,
    strategy: 'ROLLING',
  };
}

/**
 * Starts a new PRIMARY deployment of `definition`. A rollback passes the deployment it
 * returns to, whose revision (and so image digests) it reuses, and the history record it
 * belongs to.
 */
export function createDeployment(
  world: World,
  service: Service,
  definition: TaskDefinition,
  rollback?: { to: Deployment; record: ServiceDeployment },
): Deployment {
  const now = world.now();
  const sourceRevisionArns = [...new Set(service.deployments.map((d) => d.serviceRevisionArn))];
  for (const deployment of service.deployments) deployment.status = 'ACTIVE';
  if (!rollback) supersede(world, service, now);

  const revisionArn =
    rollback?.to.serviceRevisionArn ?? newRevision(world, service, definition, now);
  const revision = world.serviceRevisions.get(revisionArn);
  const imageDigests: Record<string, string> = {};
  for (const image of revision?.containerImages ?? [])
    imageDigests[image.containerName] = image.imageDigest;

  let record = rollback?.record;
  if (!record) {
    record = {
      arn: world.arn(
        'ecs',
        `service-deployment/${service.cluster.name}/${service.name}/${world.hex(21)}`,
      ),
      serviceArn: service.arn,
      clusterArn: service.cluster.arn,
      createdAt: now,
      startedAt: now,
      updatedAt: now,
      status: 'IN_PROGRESS',
      sourceRevisionArns,
      targetRevisionArn: revisionArn,
      circuitBreaker: {
        enabled: service.circuitBreaker.enable,
        failureCount: 0,
        threshold: circuitBreakerThreshold(service.desiredCount),
      },
      deploymentConfiguration: deploymentConfiguration(service),
    };
    world.serviceDeployments.set(record.arn, record);
  }
  const id = world.deploymentId();
  const deployment: Deployment = {
    id,
    status: 'PRIMARY',
    taskDefinition: definition,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    hadSuccess: false,
    createdAt: now,
    updatedAt: now,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    serviceDeploymentArn: record.arn,
    serviceRevisionArn: revisionArn,
    serviceConnect: service.serviceConnect,
    imageDigests,
  };
  service.deployments.unshift(deployment);
  service.taskDefinition = definition;
  service.steady = false;
  return deployment;
}

/** A newer deployment stops the history record of one still in progress. */
function supersede(world: World, service: Service, now: number) {
  for (const deployment of service.deployments) {
    const record = world.serviceDeployments.get(deployment.serviceDeploymentArn);
    if (record && (record.status === 'IN_PROGRESS' || record.status === 'ROLLBACK_IN_PROGRESS')) {
      record.status = 'STOPPED';
      record.statusReason =
        'Service deployment stopped because a newer service deployment started.';
      record.stoppedAt = record.finishedAt = record.updatedAt = now;
    }
  }
}

function newRevision(world: World, service: Service, definition: TaskDefinition, now: number) {
  const arn = world.arn(
    'ecs',
    `service-revision/${service.cluster.name}/${service.name}/${world.hex(19)}`,
  );
  world.serviceRevisions.set(arn, {
    arn,
    serviceArn: service.arn,
    clusterArn: service.cluster.arn,
    taskDefinition: definition,
    containerImages: definition.containers.flatMap((container) => {
      const imageDigest = resolveDigest(world.ecr, container.image);
      return imageDigest
        ? [{ containerName: container.name, image: container.image, imageDigest }]
        : [];
    }),
    networkConfiguration: service.networkConfiguration,
    serviceConnectConfiguration: service.serviceConnect,
    createdAt: now,
  });
  return arn;
}

/**
 * Rolls the service back to the last deployment that completed. When there is none (the
 * service's first deployment), its record says ROLLBACK_FAILED and nothing else changes.
 */
export function startRollback(world: World, service: Service, reason: string): void {
  const failing = service.deployments[0];
  const target = service.lastCompleted;
  if (!failing) return;
  const record = world.serviceDeployments.get(failing.serviceDeploymentArn);
  if (!target || !record) {
    if (record) {
      record.status = 'ROLLBACK_FAILED';
      record.statusReason = 'No previous successful service revision to roll back to.';
      record.finishedAt = record.updatedAt = world.now();
    }
    return;
  }
  const now = world.now();
  record.status = 'ROLLBACK_IN_PROGRESS';
  record.updatedAt = now;
  record.rollback = { reason, startedAt: now, serviceRevisionArn: target.serviceRevisionArn };
  addEvent(world, service, `rolling back to deployment ${target.id}.`);
  createDeployment(world, service, target.taskDefinition, { to: target, record });
}

export function completeServiceDeployment(
  world: World,
  service: Service,
  deployment: Deployment,
  at: number,
) {
  service.lastCompleted = deployment;
  const record = world.serviceDeployments.get(deployment.serviceDeploymentArn);
  if (!record) return;
  if (record.status === 'ROLLBACK_IN_PROGRESS') record.status = 'ROLLBACK_SUCCESSFUL';
  else if (record.status === 'IN_PROGRESS') record.status = 'SUCCESSFUL';
  else return;
  record.finishedAt = record.updatedAt = at;
}
