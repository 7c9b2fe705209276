import 'server-only';
import { time } from './time';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  ListServiceDeploymentsCommand,
  type ServiceDeployment as SdkServiceDeployment,
  type ServiceRevision as SdkServiceRevision,
} from '@aws-sdk/client-ecs';
import { inBatches } from './batch';
import { ecs } from './clients';
import { taskDefinitionRef } from './ecs';
import { readThrough, type Fetched } from './read-cache';
import type { TaskDefinitionRef } from './types';

/** One entry of a service's deployment history, as the ECS console shows it. */
export interface ServiceDeploymentRecord {
  arn: string;
  status: string;
  statusReason?: string;
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
  taskDefinition?: TaskDefinitionRef;
  images: { container: string; image: string; digest?: string }[];
  circuitBreaker?: { status?: string; failureCount: number; threshold: number };
  rollback?: { reason?: string; startedAt?: number; toTaskDefinition?: TaskDefinitionRef };
}

const DESCRIBE_MAX = 20;

function toRecord(
  d: SdkServiceDeployment,
  revisions: Map<string, SdkServiceRevision>,
): ServiceDeploymentRecord {
  const target = revisions.get(d.targetServiceRevision?.arn ?? '');
  const rollbackTo = revisions.get(d.rollback?.serviceRevisionArn ?? '');
  return {
    arn: d.serviceDeploymentArn ?? '',
    status: d.status ?? 'UNKNOWN',
    statusReason: d.statusReason,
    createdAt: time(d.createdAt),
    startedAt: time(d.startedAt),
    finishedAt: time(d.finishedAt),
    taskDefinition: target?.taskDefinition ? taskDefinitionRef(target.taskDefinition) : undefined,
    images: (target?.containerImages ?? []).map((c) => ({
      container: c.containerName ?? '',
      image: c.image ?? '',
      digest: c.imageDigest,
    })),
    circuitBreaker: d.deploymentCircuitBreaker && {
      status: d.deploymentCircuitBreaker.status,
      failureCount: d.deploymentCircuitBreaker.failureCount ?? 0,
      threshold: d.deploymentCircuitBreaker.threshold ?? 0,
    },
    rollback: d.rollback && {
      reason: d.rollback.reason,
      startedAt: time(d.rollback.startedAt),
      toTaskDefinition: rollbackTo?.taskDefinition
        ? taskDefinitionRef(rollbackTo.taskDefinition)
        : undefined,
    },
  };
}

/**
 * The last `limit` deployments of a service, newest first: ListServiceDeployments, then
 * DescribeServiceDeployments and DescribeServiceRevisions in batches of 20 for what each ran
 * (revision and image digests). ECS keeps about 90 days of history.
 */
export function listServiceDeployments(
  cluster: string,
  service: string,
  limit = 20,
): Promise<Fetched<ServiceDeploymentRecord[]>> {
  return readThrough(
    `ecs:history:${cluster}:${service}`,
    'ecs:ListServiceDeployments',
    async () => {
      const listed = await ecs().send(
        new ListServiceDeploymentsCommand({ cluster, service, maxResults: Math.min(limit, 100) }),
      );
      const arns = (listed.serviceDeployments ?? [])
        .map((d) => d.serviceDeploymentArn ?? '')
        .filter(Boolean);
      const deployments = await inBatches(arns, DESCRIBE_MAX, async (batch) => {
        const out = await ecs().send(
          new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: batch }),
        );
        return out.serviceDeployments ?? [];
      });
      const revisionArns = [
        ...new Set(
          deployments
            .flatMap((d) => [d.targetServiceRevision?.arn, d.rollback?.serviceRevisionArn])
            .filter((a): a is string => Boolean(a)),
        ),
      ];
      const revisions = await inBatches(revisionArns, DESCRIBE_MAX, async (batch) => {
        const out = await ecs().send(
          new DescribeServiceRevisionsCommand({ serviceRevisionArns: batch }),
        );
        return out.serviceRevisions ?? [];
      });
      const byArn = new Map(revisions.map((r) => [r.serviceRevisionArn ?? '', r]));
      return deployments
        .map((d) => toRecord(d, byArn))
        .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
    },
  );
}
