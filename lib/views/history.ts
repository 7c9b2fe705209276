import 'server-only';
import { createTwoFilesPatch } from 'diff';
import { maskedForDiff } from './task-definitions';
import { readAudit, type AuditEntry } from '../aws/audit';
import { listServiceDeployments, type ServiceDeploymentRecord } from '../aws/deployments';
import { getService, getTaskDefinition, getTaskDefinitions, listRevisionArns } from '../aws/ecs';
import { toAwsFailure, type AwsFailure } from '../aws/errors';
import type { Service, TaskDefinition } from '../aws/types';
import { currentCaller, mayChange } from '../auth/guard';
import { currentPlace } from '../targets/place';
import { rejection } from '../ecs/breaker';
import { freshness, settle, type View } from './result';

export interface HistoryEntry {
  deployment: ServiceDeploymentRecord;
  /** The Berth action that started it, matched from the audit trail; absent if started elsewhere. */
  startedBy?: AuditEntry;
}

export interface RollbackOption {
  arn: string;
  label: string;
  when: string;
  diff: string;
  /** Set when a deployment of this revision was rolled back or tripped the breaker: why, when. */
  rejected?: string;
}

export interface HistoryView {
  service: Service;
  deployments: HistoryEntry[];
  /** Set when ECS's deployment history could not be read (older regions, missing permission). */
  deploymentsUnavailable?: AwsFailure;
  audit: AuditEntry[];
  /** Older actions may be missing: the trail was too busy to read back further in one go. */
  auditPartial: boolean;
  auditUnavailable?: AwsFailure;
  rollbackOptions: RollbackOption[];
  canChange: boolean;
}

/** An audit entry within a minute before a deployment was created is what started it. */
function matchStarter(
  record: ServiceDeploymentRecord,
  audit: AuditEntry[],
): AuditEntry | undefined {
  const created = record.createdAt ?? 0;
  return audit.find(
    (entry) =>
      entry.outcome === 'ok' && entry.at <= created + 5_000 && entry.at >= created - 60_000,
  );
}

const day = (at: number | undefined) =>
  at ? new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'unknown time';

/** Secret-looking values as fingerprints: the diff goes to the browser. */
const json = (definition: TaskDefinition) => `${maskedForDiff(definition.registration)}\n`;

/**
 * The History tab: ECS's service deployments (what ran, image digests, circuit breaker,
 * rollback), who started each from Berth's audit trail, and the revisions one can roll back
 * to with the diff from the running one.
 */
export function getHistoryView(
  cluster: string,
  serviceName: string,
): Promise<View<HistoryView | null>> {
  return settle('ecs:ListServiceDeployments', async () => {
    const service = await getService(cluster, serviceName);
    if (!service.data) return { data: null, ...freshness(service) };
    const current = service.data.taskDefinition;
    const [history, audit, revisions] = await Promise.all([
      listServiceDeployments(cluster, serviceName).catch((error: unknown) =>
        toAwsFailure(error, 'ecs:ListServiceDeployments'),
      ),
      readAudit(cluster, serviceName).catch((error: unknown) =>
        toAwsFailure(error, 'logs:FilterLogEvents'),
      ),
      listRevisionArns(current.family),
    ]);
    const auditEntries = 'data' in audit ? audit.data : [];
    const records = 'data' in history ? history.data : [];

    // Candidates: the last successfully deployed revision first, then the newest others.
    const successful = records.find(
      (r) => r.status === 'SUCCESSFUL' && r.taskDefinition && r.taskDefinition.arn !== current.arn,
    );
    const arns = [
      ...new Set([
        ...(successful?.taskDefinition ? [successful.taskDefinition.arn] : []),
        ...revisions.data,
      ]),
    ].filter((arn) => arn !== current.arn);
    const [running, candidates] = await Promise.all([
      getTaskDefinition(current.arn),
      getTaskDefinitions(arns),
    ]);
    const rollbackOptions = arns.flatMap((arn) => {
      const candidate = candidates.get(arn);
      if (!candidate) return [];
      const ran = records.find((r) => r.taskDefinition?.arn === arn);
      const rejected = records
        .filter((r) => r.taskDefinition?.arn === arn)
        .map((r) => ({ record: r, why: rejection(r) }))
        .find((r) => r.why);
      return [
        {
          arn,
          label: `${candidate.family}:${candidate.revision}`,
          when: ran
            ? `ran ${day(ran.startedAt ?? ran.createdAt)} (${ran.status})`
            : `registered ${day(candidate.registeredAt)}, never ran here`,
          ...(rejected
            ? {
                rejected: `${rejected.why} ${day(rejected.record.finishedAt ?? rejected.record.createdAt)}`,
              }
            : {}),
          diff: createTwoFilesPatch(
            `${current.family}:${current.revision}`,
            `${candidate.family}:${candidate.revision}`,
            json(running),
            json(candidate),
            '',
            '',
            {
              context: 3,
            },
          ),
        },
      ];
    });

    return {
      data: {
        service: service.data,
        deployments: records.map((deployment) => ({
          deployment,
          startedBy: matchStarter(deployment, auditEntries),
        })),
        deploymentsUnavailable: 'data' in history ? undefined : history,
        audit: auditEntries,
        auditPartial: 'data' in audit && audit.partial === true,
        auditUnavailable: 'data' in audit ? undefined : audit,
        rollbackOptions,
        canChange: mayChange(await currentCaller(), await currentPlace(), cluster, 'rollback'),
      },
      ...freshness(
        service,
        revisions,
        ...('data' in history ? [history] : []),
        ...('data' in audit ? [audit] : []),
      ),
    };
  });
}
