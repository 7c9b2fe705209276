import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hostname } from 'node:os';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import { env } from '../env';
import { placeId, placeInScope } from '../targets/place';
import { logs } from './clients';
import { auditScope, KEYS } from './cache-keys';
import { readThrough, invalidate, type Fetched } from './read-cache';
import { readNewestFirst, type TimeWindow } from './newest-first';
import { processWide } from '../process-wide';

/**
 * The audit trail: JSON lines in a CloudWatch Logs group of Berth's own
 * (BERTH_AUDIT_LOG_GROUP), so it survives restarts and every Berth instance shares it. Each
 * instance writes its own stream under `berth/`; an action writes a `started` line before it
 * calls AWS and an `ok`/`error` line after, with the same id.
 *
 * Only lines that are Berth's are read back: from `berth/` streams, of this exact schema, and,
 * when BERTH_AUDIT_KEY is set, carrying a valid HMAC-SHA256 of the line (so a principal who may
 * write to the group cannot forge history without also holding Berth's key).
 */
export const AuditEntrySchema = z.strictObject({
  v: z.literal(1),
  id: z.uuid(),
  at: z.number().int().nonnegative(),
  caller: z.string().min(1).max(256),
  /** How the caller signed in, their role, address and browser: who, not only which account. */
  /** The identity provider's subject (alb, oidc): the same person after an email change. */
  subject: z.string().max(255).optional(),
  auth: z.enum(['none', 'proxy', 'alb', 'oidc']).optional(),
  role: z.string().max(64).optional(),
  address: z.string().max(64).optional(),
  userAgent: z.string().max(512).optional(),
  action: z.string().regex(/^[a-z-]{1,40}$/),
  /** The target (BERTH_TARGETS_FILE) and region acted in; no target without a targets file. */
  target: z.string().max(32).optional(),
  region: z.string().max(32).optional(),
  /** Absent for account-level actions such as registering a task definition. */
  cluster: z.string().max(255).optional(),
  service: z.string().max(255).optional(),
  input: z.record(z.string(), z.unknown()),
  outcome: z.enum(['started', 'ok', 'error']),
  message: z.string().max(8192),
  deploymentId: z.string().max(255).optional(),
  requestId: z.string().max(255).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

const STREAM_PREFIX = 'berth/';
/** The most actions a read returns (the newest): /audit says so when it shows this many. */
export const AUDIT_READ_LIMIT = 200;

/**
 * Audit entries as read: `partial` when the trail was too busy to read back to where the
 * entries stop in one go (see newest-first.ts), so older actions may be missing from them.
 */
export type AuditRead = Fetched<AuditEntry[]> & { partial?: true };
const stream = `${STREAM_PREFIX}${new Date().toISOString().slice(0, 10)}/${hostname()}-${process.pid}`;
/** Per place (each account and region has its own audit group): its group and stream exist. */
const ready = processWide('audit-streams', () => new Map<string, Promise<void>>());

const nameOf = (error: unknown) => (error as { name?: string } | null)?.name;

async function ignoreExists(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (nameOf(error) !== 'ResourceAlreadyExistsException') throw error;
  }
}

function prepare(group: string): Promise<void> {
  const place = placeId(placeInScope());
  let prepared = ready.get(place);
  if (!prepared) {
    prepared = (async () => {
      await ignoreExists(logs().send(new CreateLogGroupCommand({ logGroupName: group })));
      await ignoreExists(
        logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })),
      );
    })().catch((error: unknown) => {
      ready.delete(place);
      throw error;
    });
    ready.set(place, prepared);
  }
  return prepared;
}

function sign(body: string, key: string) {
  return createHmac('sha256', key).update(body).digest('base64url');
}

/** The line as written: the entry's JSON, and its signature when a key is configured. */
export function auditLine(entry: AuditEntry, key = env().auditKey): string {
  const body = JSON.stringify(entry);
  return key ? JSON.stringify({ ...entry, sig: sign(body, key) }) : body;
}

/** The entry a line holds if it is Berth's (schema, and signature when a key is set). */
export function parseAuditLine(text: string, key = env().auditKey): AuditEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { sig, ...rest } = value as { sig?: unknown };
  const parsed = AuditEntrySchema.safeParse(rest);
  if (!parsed.success) return undefined;
  if (key) {
    const expected = Buffer.from(sign(JSON.stringify(parsed.data), key));
    const given = Buffer.from(typeof sig === 'string' ? sig : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  }
  return parsed.data;
}

/**
 * Appends one entry. A deleted group or stream is recreated and the write tried once more.
 * Throws if the trail cannot be written, so the caller can refuse or say so.
 */
export async function appendAudit(entry: AuditEntry): Promise<void> {
  const group = env().auditLogGroup;
  const put = async () => {
    await prepare(group);
    await logs().send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: [{ timestamp: entry.at, message: auditLine(entry) }],
      }),
    );
  };
  try {
    await put();
  } catch (error) {
    if (nameOf(error) !== 'ResourceNotFoundException') throw error;
    ready.delete(placeId(placeInScope()));
    await put();
  }
  invalidate(...auditScope(entry.cluster ?? ''));
}

/** One entry per action: its outcome line where there is one, else the `started` line. */
export function latestPerAction(entries: AuditEntry[]): AuditEntry[] {
  const byId = new Map<string, AuditEntry>();
  for (const entry of entries) {
    const seen = byId.get(entry.id);
    if (!seen || (seen.outcome === 'started' && entry.outcome !== 'started')) {
      byId.set(entry.id, entry);
    }
  }
  return [...byId.values()].sort((a, b) => b.at - a.at);
}

/**
 * Audit entries, newest first, from every instance's stream: FilterLogEvents on the `berth/`
 * streams with a JSON filter pattern, over the last `days`, read backwards from now (see
 * newest-first.ts) until AUDIT_READ_LIMIT actions are in. Each line is checked again here (schema,
 * signature, `accept`): the pattern only narrows what AWS sends.
 */
async function queryAudit(
  cacheKey: string,
  filterPattern: string,
  accept: (entry: AuditEntry) => boolean,
  days: number,
): Promise<AuditRead> {
  const read = await readThrough(cacheKey, 'logs:FilterLogEvents', async () => {
    const entries: AuditEntry[] = [];
    const actions = new Set<string>();
    const now = Date.now();
    const readPage = async (window: TimeWindow) => {
      const out = await logs().send(
        new FilterLogEventsCommand({
          logGroupName: env().auditLogGroup,
          logStreamNamePrefix: STREAM_PREFIX,
          ...window,
          filterPattern,
          limit: 400,
        }),
      );
      const events = out.events ?? [];
      return { events, more: Boolean(out.nextToken), lastTime: events.at(-1)?.timestamp };
    };
    const take = (events: FilteredLogEvent[]) => {
      for (const event of events) {
        const entry = parseAuditLine(event.message ?? '');
        if (entry && accept(entry)) {
          entries.push(entry);
          actions.add(entry.id);
        }
      }
      return actions.size >= AUDIT_READ_LIMIT;
    };
    let whole: boolean;
    try {
      const range = { startTime: now - days * 86_400_000, endTime: now };
      whole = await readNewestFirst(range, readPage, take);
    } catch (error) {
      // No audit group yet means no action was ever taken.
      if (nameOf(error) === 'ResourceNotFoundException') return { entries: [], whole: true };
      throw error;
    }
    return { entries: latestPerAction(entries).slice(0, AUDIT_READ_LIMIT), whole };
  });
  const { entries, whole } = read.data;
  return { ...read, data: entries, ...(whole ? {} : { partial: true as const }) };
}

/** One service's entries (History). */
export function readAudit(cluster: string, service: string, days = 30): Promise<AuditRead> {
  return queryAudit(
    KEYS.audit(cluster, service),
    `{ $.cluster = ${JSON.stringify(cluster)} && $.service = ${JSON.stringify(service)} }`,
    (entry) => entry.cluster === cluster && entry.service === service,
    days,
  );
}

/**
 * The /audit page's entries across clusters, narrowed by person, cluster and action. The values
 * arrive validated (lib/schemas/audit-query.ts): none can hold a quote to break the pattern.
 */
export function readRecentAudit(
  filters: { caller?: string; cluster?: string; action?: string },
  days = 7,
): Promise<AuditRead> {
  const clauses = (['caller', 'cluster', 'action'] as const)
    .filter((field) => filters[field] !== undefined)
    .map((field) => `$.${field} = ${JSON.stringify(filters[field])}`);
  return queryAudit(
    KEYS.auditAll(filters.caller ?? '*', filters.cluster ?? '*', filters.action ?? '*'),
    clauses.length ? `{ ${clauses.join(' && ')} }` : '{ $.v = 1 }',
    (entry) =>
      (filters.caller === undefined || entry.caller === filters.caller) &&
      (filters.cluster === undefined || entry.cluster === filters.cluster) &&
      (filters.action === undefined || entry.action === filters.action),
    days,
  );
}
