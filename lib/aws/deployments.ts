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
import { KEYS } from './cache-keys';
import { readThrough, type Fetched } from './read-cache';
import type { ServiceDeploymentRecord } from './types';

export type { ServiceDeploymentRecord } from './types';

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
  return readThrough(KEYS.history(cluster, service), 'ecs:ListServiceDeployments', () =>
    loadServiceDeployments(cluster, service, limit),
  );
}

/** Long, because the key changes whenever the service's deployments do; a backstop for lag. */
const STATE_HISTORY_TTL_MS = 60_000;
/** The statuses whose details the state names: the failed revision, the breaker's count. */
const NEEDS_DETAIL = new Set([
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
]);

/**
 * The latest deployment of a service, for its state: whether it failed or is rolling back.
 * One ListServiceDeployments (maxResults 1, newest first), and only when that deployment was
 * rolled back, one DescribeServiceDeployments and one DescribeServiceRevisions for its details.
 * Keyed by `deployments`, the signature of the service's current deployments (ids, statuses,
 * rollout states, failed task counts): every change to the history shows there first, so a
 * page of fifty services reads the history of only those whose deployments moved.
 */
export function serviceStateHistory(
  cluster: string,
  service: string,
  deployments: string,
): Promise<Fetched<ServiceDeploymentRecord[]>> {
  return readThrough(
    KEYS.history(cluster, service, 'state', deployments),
    'ecs:ListServiceDeployments',
    async () => {
      const listed = await ecs().send(
        new ListServiceDeploymentsCommand({ cluster, service, maxResults: 1 }),
      );
      const latest = listed.serviceDeployments?.[0];
      if (!latest?.serviceDeploymentArn) return [];
      if (!NEEDS_DETAIL.has(latest.status ?? '')) {
        return [
          {
            arn: latest.serviceDeploymentArn,
            status: latest.status ?? 'UNKNOWN',
            statusReason: latest.statusReason,
            createdAt: time(latest.createdAt),
            startedAt: time(latest.startedAt),
            finishedAt: time(latest.finishedAt),
            images: [],
          },
        ];
      }
      return describeWithRevisions([latest.serviceDeploymentArn]);
    },
    { ttlMs: STATE_HISTORY_TTL_MS },
  );
}

async function loadServiceDeployments(
  cluster: string,
  service: string,
  limit: number,
): Promise<ServiceDeploymentRecord[]> {
  const listed = await ecs().send(
    new ListServiceDeploymentsCommand({ cluster, service, maxResults: Math.min(limit, 100) }),
  );
  const arns = (listed.serviceDeployments ?? [])
    .map((d) => d.serviceDeploymentArn ?? '')
    .filter(Boolean);
  return describeWithRevisions(arns);
}

/** DescribeServiceDeployments and DescribeServiceRevisions, 20 at a time, newest first. */
async function describeWithRevisions(arns: string[]): Promise<ServiceDeploymentRecord[]> {
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
}
