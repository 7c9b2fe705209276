import 'server-only';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  type RegisterTaskDefinitionCommandInput,
  StopTaskCommand,
  UpdateClusterSettingsCommand,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { stripReadOnly } from '../schemas/task-definition';
import { ecs } from './clients';
import { listClusters, listServices } from './ecs';
import { clusterScope, familyScope, KEYS } from './cache-keys';
import { invalidate } from './read-cache';
import type { ContainerInsights } from './types';

/** What a change returns: the AWS request id for the audit trail, and the deployment it started. */
export interface Change {
  requestId?: string;
  deploymentId?: string;
}

function forget(cluster: string) {
  invalidate(...clusterScope(cluster));
}

async function updateService(
  input: UpdateServiceCommandInput & { cluster: string },
): Promise<Change> {
  const out = await ecs().send(new UpdateServiceCommand(input));
  forget(input.cluster);
  return {
    requestId: out.$metadata.requestId,
    deploymentId: out.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id,
  };
}

/** Whether a cluster exists (ACTIVE), read fresh: a change must not act on a cached answer. */
export async function describeClusterFresh(cluster: string): Promise<boolean> {
  const out = await ecs().send(new DescribeClustersCommand({ clusters: [cluster] }));
  return out.clusters?.some((c) => c.status === 'ACTIVE') ?? false;
}

/** An ACTIVE service read fresh, with the ARN that says which partition, region and account. */
export async function describeServiceFresh(
  cluster: string,
  service: string,
): Promise<{ serviceArn: string } | undefined> {
  const out = await ecs().send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = out.services?.find((s) => s.status === 'ACTIVE');
  return found ? { serviceArn: found.serviceArn ?? '' } : undefined;
}

/** A task read fresh: its group (`service:<name>` for a service's task). */
export async function describeTaskFresh(
  cluster: string,
  task: string,
): Promise<{ group?: string } | undefined> {
  const out = await ecs().send(new DescribeTasksCommand({ cluster, tasks: [task] }));
  const found = out.tasks?.[0];
  return found ? { group: found.group } : undefined;
}

/**
 * The clusters with a service that runs, or is deploying, a revision of `family` (the shared
 * reads the pages use: ListClusters, ListServices and DescribeServices, coalesced and cached).
 */
export async function clustersUsingFamily(family: string): Promise<string[]> {
  const clusters = (await listClusters()).data;
  const users = await Promise.all(
    clusters.map(async (cluster) => {
      const services = (await listServices(cluster.name)).data;
      const uses = services.some(
        (s) =>
          s.taskDefinition.family === family ||
          s.deployments.some((d) => d.taskDefinition.family === family),
      );
      return uses ? [cluster.name] : [];
    }),
  );
  return users.flat();
}

/** UpdateService forceNewDeployment: a new PRIMARY deployment of the same revision (re-pulls tags). */
export function forceNewDeployment(cluster: string, service: string): Promise<Change> {
  return updateService({ cluster, service, forceNewDeployment: true });
}

/** UpdateService taskDefinition: deploys (or rolls back to) a revision. */
export function deployTaskDefinition(
  cluster: string,
  service: string,
  taskDefinition: string,
): Promise<Change> {
  return updateService({ cluster, service, taskDefinition });
}

export function setDesiredCount(
  cluster: string,
  service: string,
  desiredCount: number,
): Promise<Change> {
  return updateService({ cluster, service, desiredCount });
}

/**
 * enableExecuteCommand only reaches tasks started after it changes, so this also forces the
 * new deployment that replaces the running tasks.
 */
export function applyExecuteCommand(
  cluster: string,
  service: string,
  enable: boolean,
): Promise<Change> {
  return updateService({
    cluster,
    service,
    enableExecuteCommand: enable,
    forceNewDeployment: true,
  });
}

/** StopServiceDeployment ROLLBACK: ECS rolls back to the last successful service revision now. */
export async function stopRollout(cluster: string, serviceDeploymentArn: string): Promise<Change> {
  const out = await ecs().send(
    new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' }),
  );
  forget(cluster);
  return { requestId: out.$metadata.requestId };
}

export async function setContainerInsights(
  cluster: string,
  value: ContainerInsights,
): Promise<Change> {
  const out = await ecs().send(
    new UpdateClusterSettingsCommand({ cluster, settings: [{ name: 'containerInsights', value }] }),
  );
  forget(cluster);
  return { requestId: out.$metadata.requestId };
}

export async function stopTask(cluster: string, task: string, reason: string): Promise<Change> {
  const out = await ecs().send(new StopTaskCommand({ cluster, task, reason }));
  forget(cluster);
  invalidate(KEYS.task(cluster, task));
  return { requestId: out.$metadata.requestId };
}

/** RegisterTaskDefinition with JSON already checked by lib/schemas/task-definition. */
export async function registerTaskDefinition(
  registration: Record<string, unknown>,
): Promise<Change & { arn: string; family: string; revision: number }> {
  const out = await ecs().send(
    new RegisterTaskDefinitionCommand(
      registration as unknown as RegisterTaskDefinitionCommandInput,
    ),
  );
  const definition = out.taskDefinition;
  invalidate(...familyScope(definition?.family ?? ''));
  return {
    requestId: out.$metadata.requestId,
    arn: definition?.taskDefinitionArn ?? '',
    family: definition?.family ?? '',
    revision: definition?.revision ?? 0,
  };
}

/**
 * Registers a new revision of the service's current task definition with one container's image
 * replaced (deploying it is the caller's next step). Reads the service and its revision fresh.
 */
export async function registerImageRevision(
  cluster: string,
  service: string,
  container: string,
  image: string,
) {
  const described = await ecs().send(new DescribeServicesCommand({ cluster, services: [service] }));
  const current = described.services?.[0]?.taskDefinition;
  if (!current)
    throw Object.assign(new Error(`Service ${service} has no task definition.`), {
      name: 'InvalidParameterException',
    });
  const { taskDefinition } = await ecs().send(
    new DescribeTaskDefinitionCommand({ taskDefinition: current }),
  );
  const registration = withImage(
    taskDefinition as Record<string, unknown> | undefined,
    container,
    image,
  );
  return registerTaskDefinition(registration);
}

/** The registration JSON of `definition` with `container`'s image set to `image`. */
export function withImage(
  definition: Record<string, unknown> | undefined,
  container: string,
  image: string,
): Record<string, unknown> {
  if (!definition) throw new Error('No task definition to change.');
  const registration = stripReadOnly(definition);
  const containers =
    (registration.containerDefinitions as { name?: string; image?: string }[] | undefined) ?? [];
  if (!containers.some((c) => c.name === container)) {
    throw Object.assign(new Error(`The task definition has no container named ${container}.`), {
      name: 'InvalidParameterException',
    });
  }
  registration.containerDefinitions = containers.map((c) =>
    c.name === container ? { ...c, image } : c,
  );
  return registration;
}
