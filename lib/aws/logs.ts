import 'server-only';
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  StartLiveTailCommand,
  type FilterLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { logs } from './clients';
import { KEYS } from './cache-keys';
import { readThrough } from './read-cache';

/** One log line as Berth passes it on. `id` is the same whichever API delivered the line. */
export interface LogLine {
  id: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  stream: string;
  group: string;
}

/** What to tail: log groups, and stream name prefixes (used when there is exactly one group). */
export interface TailSource {
  groups: string[];
  streamPrefixes: string[];
  filterPattern?: string;
}

/** FNV-1a: a short, stable id from the line's stream, times and text. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function lineId(line: Omit<LogLine, 'id'>): string {
  return `${line.timestamp}-${hash(`${line.stream}\n${line.ingestionTime}\n${line.message}`)}`;
}

const toLine = (
  group: string,
  e: { logStreamName?: string; timestamp?: number; ingestionTime?: number; message?: string },
): LogLine => {
  const base = {
    group,
    stream: e.logStreamName ?? '',
    timestamp: e.timestamp ?? 0,
    ingestionTime: e.ingestionTime ?? 0,
    message: e.message ?? '',
  };
  return { ...base, id: lineId(base) };
};

/** What Berth shows of a log group: where it is, how long it keeps lines, what it holds. */
export interface LogGroupInfo {
  name: string;
  arn: string;
  /** Days lines are kept; undefined: kept forever (and billed as stored). */
  retentionInDays?: number;
  storedBytes: number;
}

/**
 * One log group by exact name, or null if it does not exist: one DescribeLogGroups by prefix
 * (the exact name sorts first among its prefix matches), cached and shared by the live tail
 * (which needs the ARN) and the logs page (which shows the retention).
 */
export async function getLogGroup(name: string): Promise<LogGroupInfo | null> {
  const found = await readThrough(KEYS.logGroup(name), 'logs:DescribeLogGroups', async () => {
    const out = await logs().send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 }),
    );
    const group = out.logGroups?.find((g) => g.logGroupName === name);
    if (!group) return null;
    return {
      name,
      arn: group.logGroupArn ?? group.arn?.replace(/:\*$/, '') ?? '',
      retentionInDays: group.retentionInDays,
      storedBytes: group.storedBytes ?? 0,
    };
  });
  return found.data;
}

/** Log group ARNs (StartLiveTail takes ARNs), from DescribeLogGroups. */
async function groupArns(names: string[]): Promise<string[]> {
  const arns = await Promise.all(
    names.map(async (name) => {
      const group = await getLogGroup(name);
      if (!group)
        throw Object.assign(new Error(`Log group ${name} does not exist.`), {
          name: 'ResourceNotFoundException',
        });
      return group.arn;
    }),
  );
  return arns;
}

/** A stopped task's last words change only for the seconds its logs take to arrive. */
const LAST_LINES_TTL_MS = 5 * 60_000;

/**
 * The last `limit` lines of one stream written up to `endTime`, oldest first: one GetLogEvents
 * read backwards from `endTime` (exact for a single stream, where FilterLogEvents would read
 * forwards from a guessed start). Null when the stream does not exist: the container never
 * started, so it never wrote.
 */
export async function lastLines(
  group: string,
  stream: string,
  endTime: number,
  limit = 30,
): Promise<LogLine[] | null> {
  const read = await readThrough(
    KEYS.lastLines(group, stream, endTime, limit),
    'logs:GetLogEvents',
    async () => {
      try {
        const out = await logs().send(
          new GetLogEventsCommand({
            logGroupName: group,
            logStreamName: stream,
            endTime,
            limit,
            startFromHead: false,
          }),
        );
        return (out.events ?? []).map((e) => toLine(group, { ...e, logStreamName: stream }));
      } catch (error) {
        if ((error as { name?: string }).name === 'ResourceNotFoundException') return null;
        throw error;
      }
    },
    { ttlMs: LAST_LINES_TTL_MS },
  );
  return read.data;
}

/**
 * Lines written from `since` on, oldest first: FilterLogEvents pages, capped at `limit` lines,
 * `maxBytes` of messages and 10 pages per group (bounded in count, bytes and time). `more` says
 * a cap stopped it before the end.
 */
export async function readRange(
  source: TailSource,
  since: number,
  limit: number,
  signal?: AbortSignal,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<{ lines: LogLine[]; more: boolean }> {
  let more = false;
  let bytes = 0;
  const lines: LogLine[] = [];
  for (const group of source.groups) {
    if (more) break;
    let nextToken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const input: FilterLogEventsCommandInput = {
        logGroupName: group,
        startTime: since,
        filterPattern: source.filterPattern || undefined,
        limit: Math.min(10_000, limit),
        nextToken,
        ...(source.groups.length === 1 && source.streamPrefixes.length === 1
          ? { logStreamNamePrefix: source.streamPrefixes[0] }
          : {}),
      };
      const out = await logs().send(new FilterLogEventsCommand(input), { abortSignal: signal });
      for (const e of out.events ?? []) {
        if (
          source.streamPrefixes.length &&
          !source.streamPrefixes.some((p) => e.logStreamName?.startsWith(p))
        )
          continue;
        if (lines.length >= limit || bytes >= maxBytes) {
          more = true;
          break;
        }
        bytes += e.message?.length ?? 0;
        lines.push(toLine(group, e));
      }
      nextToken = out.nextToken;
      if (more || !nextToken) break;
      if (lines.length >= limit) {
        more = true;
        break;
      }
    }
  }
  lines.sort((a, b) => a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime);
  return { lines, more };
}

export interface TailBatch {
  lines: LogLine[];
  /** AWS sent a sample: more lines were written than were delivered. */
  sampled: boolean;
}

/**
 * New lines as they are written, with CloudWatch Logs StartLiveTail (an event stream; a
 * sessionUpdate each second). Stream prefixes apply with one group only (AWS's rule); with
 * several groups they are applied here.
 */
export async function* liveTail(
  source: TailSource,
  signal: AbortSignal,
): AsyncGenerator<TailBatch> {
  const arns = await groupArns(source.groups);
  const oneGroup = arns.length === 1;
  const byArn = new Map(arns.map((arn, i) => [arn, source.groups[i] ?? '']));
  const response = await logs().send(
    new StartLiveTailCommand({
      logGroupIdentifiers: arns,
      ...(oneGroup && source.streamPrefixes.length
        ? { logStreamNamePrefixes: source.streamPrefixes.slice(0, 100) }
        : {}),
      ...(source.filterPattern ? { logEventFilterPattern: source.filterPattern } : {}),
    }),
    { abortSignal: signal },
  );
  for await (const item of response.responseStream ?? []) {
    if (signal.aborted) return;
    const update = item.sessionUpdate;
    if (!update) continue;
    const lines = (update.sessionResults ?? [])
      .filter(
        (r) =>
          oneGroup ||
          !source.streamPrefixes.length ||
          source.streamPrefixes.some((p) => r.logStreamName?.startsWith(p)),
      )
      .map((r) => toLine(byArn.get(r.logGroupIdentifier ?? '') ?? r.logGroupIdentifier ?? '', r));
    yield { lines, sampled: update.sessionMetadata?.sampled ?? false };
  }
}

/**
 * The fallback where StartLiveTail is unavailable: FilterLogEvents every `intervalMs` from the
 * last line seen, deduplicated by line id, each poll bounded.
 */
export async function* pollTail(
  source: TailSource,
  since: number,
  signal: AbortSignal,
  intervalMs = 1000,
): AsyncGenerator<TailBatch> {
  let cursor = since;
  let seen = new Set<string>();
  while (!signal.aborted) {
    // Bounded in lines and bytes per poll, like the backlog.
    const { lines } = await readRange(source, cursor, 5000, signal, 1024 * 1024);
    const fresh = lines.filter((line) => !seen.has(line.id));
    if (fresh.length) {
      const last = fresh[fresh.length - 1]?.timestamp ?? cursor;
      // Keep ids at the cursor's millisecond: the next poll starts there again.
      if (last > cursor) seen = new Set();
      cursor = Math.max(cursor, last);
      for (const line of lines) if (line.timestamp >= cursor) seen.add(line.id);
      yield { lines: fresh, sampled: false };
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
