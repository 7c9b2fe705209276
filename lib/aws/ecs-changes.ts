import 'server-only';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  StopServiceDeploymentCommand,
  StopTaskCommand,
  UpdateClusterSettingsCommand,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { ecs } from './clients';
import { invalidate } from './read-cache';
import type { ContainerInsights } from './types';

/** What a change returns: the AWS request id for the audit trail, and the deployment it started. */
export interface Change {
  requestId?: string;
  deploymentId?: string;
}

function forget(cluster: string) {
  invalidate(
    `ecs:services:${cluster}`,
    `ecs:service:${cluster}:`,
    `ecs:tasks:${cluster}:`,
    `ecs:cluster:${cluster}`,
    'ecs:clusters',
    `ecs:history:${cluster}:`,
  );
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
export async function clusterExists(cluster: string): Promise<boolean> {
  const out = await ecs().send(new DescribeClustersCommand({ clusters: [cluster] }));
  return out.clusters?.some((c) => c.status === 'ACTIVE') ?? false;
}

/** Whether a service exists and is ACTIVE, read fresh. */
export async function serviceIsActive(cluster: string, service: string): Promise<boolean> {
  const out = await ecs().send(new DescribeServicesCommand({ cluster, services: [service] }));
  return out.services?.some((s) => s.status === 'ACTIVE') ?? false;
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
  invalidate(`ecs:task:${cluster}:${task}`);
  return { requestId: out.$metadata.requestId };
}
