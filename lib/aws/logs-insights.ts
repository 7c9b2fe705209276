import 'server-only';
import {
  GetQueryResultsCommand,
  MalformedQueryException,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { logs } from './clients';
import { KEYS } from './cache-keys';
import { AwsCallError, toAwsFailure } from './errors';

/** What a Logs Insights query found: the fields it shows and its rows, as text. */
export interface InsightsAnswer {
  /** Complete, or how it ended otherwise (Cancelled, Failed, Timeout). */
  status: string;
  fields: string[];
  rows: string[][];
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

/** Rows asked for; Logs Insights allows 10,000, a page shows this many. */
export const INSIGHTS_ROW_LIMIT = 1_000;
/** How long Berth waits for a query before stopping it (Insights itself allows 60 min). */
const WAIT_MS = 30_000;
const POLL_MS = 500;
/** Each value is cut here, so 1,000 rows of huge lines stay a bounded page. */
const VALUE_CHARS = 4_096;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `query` over `groups` between two instants (epoch ms): StartQuery, GetQueryResults every
 * half second until it ends, StopQuery if Berth gives up waiting or anything throws, so no
 * query is left running (and billed) behind a closed page. Identical queries over the same
 * minute-rounded range asked while one runs share that run. Answers are not kept after it
 * ends: one can hold 1,000 rows of 4 KB values, and the read cache is bounded in entries, not
 * bytes, so keeping them would let a few thousand distinct queries hold gigabytes.
 */
export async function runInsightsQuery(
  source: { groups: string[]; streamPrefixes: string[] },
  query: string,
  startMs: number,
  endMs: number,
): Promise<InsightsAnswer> {
  const start = Math.floor(startMs / 60_000) * 60;
  const end = Math.ceil(endMs / 60_000) * 60;
  // A group is often shared by services: keep the query to this source's streams.
  const scope = streamScope(source.streamPrefixes);
  const key = KEYS.insights(source.groups.join(','), scope + query, start, end);
  let run = running.get(key);
  if (!run) {
    run = runOnce(source.groups, scope, query, start, end).finally(() => running.delete(key));
    running.set(key, run);
  }
  try {
    return await run;
  } catch (error) {
    throw new AwsCallError(toAwsFailure(error, 'logs:StartQuery'));
  }
}

/** Queries running now, by what they ask: at most one run per question at a time. */
const running = new Map<string, Promise<InsightsAnswer>>();

/** A first `filter` keeping streams that start with one of the prefixes ('' when none). */
export function streamScope(prefixes: string[]): string {
  if (prefixes.length === 0 || prefixes.includes('')) return '';
  const escaped = prefixes.map((prefix) => prefix.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'));
  return `filter @logStream like /^(${escaped.join('|')})/ | `;
}

async function runOnce(
  groups: string[],
  scope: string,
  query: string,
  start: number,
  end: number,
): Promise<InsightsAnswer> {
  let queryId: string | undefined;
  try {
    ({ queryId } = await logs().send(
      new StartQueryCommand({
        logGroupNames: groups,
        startTime: start,
        endTime: end,
        queryString: scope + query,
        limit: INSIGHTS_ROW_LIMIT,
      }),
    ));
  } catch (error) {
    if (error instanceof MalformedQueryException) {
      // Positions are in the query sent; the person wrote it without the scope.
      const where = error.queryCompileError?.location;
      const at = (offset = 0) => Math.max(0, offset - scope.length);
      throw new AwsCallError({
        kind: 'invalid',
        message: `Logs Insights cannot read this query: ${error.queryCompileError?.message ?? error.message}${
          where ? ` (characters ${at(where.startCharOffset)}–${at(where.endCharOffset)})` : ''
        }.`,
      });
    }
    throw error;
  }
  let ended = false;
  try {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const out = await logs().send(new GetQueryResultsCommand({ queryId }));
      const status = out.status ?? 'Unknown';
      if (status !== 'Running' && status !== 'Scheduled') {
        ended = true;
        return answerOf(status, out.results ?? [], out.statistics);
      }
      if (Date.now() >= deadline) break;
      await sleep(POLL_MS);
    }
    throw new AwsCallError({
      kind: 'unavailable',
      message: `The query ran longer than ${WAIT_MS / 1000} s and was stopped: narrow the time range or filter earlier in the query.`,
    });
  } finally {
    if (!ended && queryId) {
      // Best effort: the answer (or the error) the caller gets matters more than this one.
      await logs()
        .send(new StopQueryCommand({ queryId }))
        .catch(() => undefined);
    }
  }
}

function answerOf(
  status: string,
  results: { field?: string; value?: string }[][],
  statistics: { recordsMatched?: number; recordsScanned?: number; bytesScanned?: number } = {},
): InsightsAnswer {
  const fields: string[] = [];
  for (const row of results)
    for (const { field } of row)
      if (field && field !== '@ptr' && !fields.includes(field)) fields.push(field);
  return {
    status,
    fields,
    rows: results.map((row) =>
      fields.map((field) =>
        (row.find((cell) => cell.field === field)?.value ?? '').slice(0, VALUE_CHARS),
      ),
    ),
    recordsMatched: statistics.recordsMatched ?? 0,
    recordsScanned: statistics.recordsScanned ?? 0,
    bytesScanned: statistics.bytesScanned ?? 0,
  };
}
