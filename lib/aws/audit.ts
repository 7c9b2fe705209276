import 'server-only';
import { hostname } from 'node:os';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { env } from '../env';
import { logs } from './clients';
import { readThrough, invalidate, type Fetched } from './read-cache';

/**
 * The audit trail: one JSON line per action in a CloudWatch Logs group of Berth's own
 * (BERTH_AUDIT_LOG_GROUP), so it survives restarts and every Berth instance shares it.
 * Each instance writes its own stream (host and pid), created on first use.
 */
export interface AuditEntry {
  at: number;
  caller: string;
  action: string;
  /** Absent for account-level actions such as registering a task definition. */
  cluster?: string;
  service?: string;
  input: Record<string, unknown>;
  outcome: 'ok' | 'error';
  message: string;
  deploymentId?: string;
  requestId?: string;
}

const stream = `${new Date().toISOString().slice(0, 10)}/${hostname()}-${process.pid}`;
let ready: Promise<void> | undefined;

async function ignoreExists(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceAlreadyExistsException') throw error;
  }
}

function prepare(group: string): Promise<void> {
  ready ??= (async () => {
    await ignoreExists(logs().send(new CreateLogGroupCommand({ logGroupName: group })));
    await ignoreExists(
      logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })),
    );
  })().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

/** Appends one entry. Throws if the trail cannot be written, so the caller can say so. */
export async function appendAudit(entry: AuditEntry): Promise<void> {
  const group = env().auditLogGroup;
  await prepare(group);
  await logs().send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: stream,
      logEvents: [{ timestamp: entry.at, message: JSON.stringify(entry) }],
    }),
  );
  invalidate(`audit:${entry.cluster ?? ''}:`);
}

/**
 * Entries for one service, newest first, from every instance's stream: FilterLogEvents with a
 * JSON filter pattern, capped at the last `days` and 200 entries.
 */
export function readAudit(
  cluster: string,
  service: string,
  days = 30,
): Promise<Fetched<AuditEntry[]>> {
  return readThrough(`audit:${cluster}:${service}`, 'logs:FilterLogEvents', async () => {
    const entries: AuditEntry[] = [];
    let nextToken: string | undefined;
    const startTime = Date.now() - days * 86_400_000;
    for (let page = 0; page < 5; page++) {
      let out;
      try {
        out = await logs().send(
          new FilterLogEventsCommand({
            logGroupName: env().auditLogGroup,
            startTime,
            filterPattern: `{ $.cluster = ${JSON.stringify(cluster)} && $.service = ${JSON.stringify(service)} }`,
            nextToken,
            limit: 200,
          }),
        );
      } catch (error) {
        // No audit group yet means no action was ever taken.
        if ((error as { name?: string }).name === 'ResourceNotFoundException') return [];
        throw error;
      }
      for (const event of out.events ?? []) {
        try {
          entries.push(JSON.parse(event.message ?? '') as AuditEntry);
        } catch {
          // a line that is not Berth's: skip it
        }
      }
      nextToken = out.nextToken;
      if (!nextToken || entries.length >= 200) break;
    }
    return entries.sort((a, b) => b.at - a.at).slice(0, 200);
  });
}
