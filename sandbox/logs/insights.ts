/**
 * CloudWatch Logs Insights: StartQuery runs a query (insights-query.ts) over the chosen groups
 * and time range; it reads "Running" for a simulated second, then "Complete" with its rows
 * (GetQueryResults), unless StopQuery cancels it first. GetLogGroupFields names the fields
 * Insights finds in a group's recent events (system fields, and top-level keys of JSON lines).
 */
import { AwsError, invalidParameter, logGroupNotFound, malformedQuery } from '../errors.js';
import { optNumber, optString, optStrings, reqString } from '../input.js';
import { requestId, type JsonObject } from '../wire.js';
import type { World } from '../world.js';
import {
  compileInsightsQuery,
  MAX_LIMIT,
  runInsightsQuery,
  type InsightsRecord,
} from './insights-query.js';
import { resolveGroup } from './logs.js';
import type { LogGroup } from './store.js';

export interface InsightsRun {
  id: string;
  status: 'Running' | 'Complete' | 'Cancelled';
  readyAt: number;
  rows: { field: string; value: string }[][];
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
}

/** How long a query runs (simulated ms), and how many runs are remembered. */
const RUN_MS = 1_000;
const KEPT_RUNS = 100;

/** Insights shows times as `2026-12-03 18:22:09.123` (UTC). */
const insightsTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** An event's fields: system fields, and a JSON line's top-level scalar keys. */
function recordOf(
  world: World,
  group: LogGroup,
  stream: string,
  event: { timestamp: number; message: string; ingestionTime: number; seq: number },
): InsightsRecord {
  const record: InsightsRecord = {
    '@timestamp': event.timestamp,
    '@message': event.message,
    '@logStream': stream,
    '@log': `${world.accountId}:${group.name}`,
    '@ingestionTime': event.ingestionTime,
    '@ptr': Buffer.from(`${group.name}/${stream}/${event.seq}`).toString('base64'),
  };
  if (event.message.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(event.message);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        for (const [key, value] of Object.entries(parsed))
          if (typeof value === 'string' || typeof value === 'number') record[key] ??= value;
    } catch {
      // not JSON after all: only the system fields
    }
  }
  return record;
}

function groupsOf(world: World, input: JsonObject): LogGroup[] {
  const single = optString(input, 'logGroupName');
  const names = optStrings(input, 'logGroupNames');
  const identifiers = optStrings(input, 'logGroupIdentifiers');
  const given = [single !== undefined, names !== undefined, identifiers !== undefined].filter(
    Boolean,
  );
  if (given.length !== 1)
    throw invalidParameter(
      'Specify exactly one of logGroupName, logGroupNames and logGroupIdentifiers.',
    );
  const refs = single !== undefined ? [single] : (names ?? identifiers ?? []);
  if (refs.length < 1 || refs.length > 50)
    throw invalidParameter('A query reads between 1 and 50 log groups.');
  return refs.map((ref) => {
    const name = ref.replace(/^arn:[^:]*:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '');
    const group = world.logs.groups.get(name);
    if (!group) throw logGroupNotFound(ref);
    return group;
  });
}

export function startQuery(world: World, input: JsonObject) {
  const groups = groupsOf(world, input);
  const startTime = optNumber(input, 'startTime');
  const endTime = optNumber(input, 'endTime');
  if (startTime === undefined || endTime === undefined)
    throw invalidParameter('startTime and endTime are required (epoch seconds).');
  if (endTime < startTime)
    throw invalidParameter('endTime must be greater than or equal to startTime.');
  const text = reqString(input, 'queryString');
  if (text.length > 10_000) throw invalidParameter('queryString is longer than 10000 characters.');
  const limit = optNumber(input, 'limit') ?? MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw invalidParameter(`limit must be between 1 and ${MAX_LIMIT}.`);
  const compiled = compileInsightsQuery(text);
  if (!compiled.ok) {
    const { message, start, end } = compiled.error;
    throw malformedQuery(message, start, end);
  }

  const records: InsightsRecord[] = [];
  let bytesScanned = 0;
  for (const group of groups)
    for (const stream of group.streams.values())
      for (const event of stream.events)
        if (event.timestamp >= startTime * 1000 && event.timestamp <= endTime * 1000) {
          records.push(recordOf(world, group, stream.name, event));
          bytesScanned += Buffer.byteLength(event.message);
        }
  records.sort((a, b) => Number(a['@timestamp']) - Number(b['@timestamp']));
  const { rows, fields, matched } = runInsightsQuery(compiled.query, records, limit);
  const run: InsightsRun = {
    id: requestId(),
    status: 'Running',
    readyAt: world.now() + RUN_MS,
    rows: rows.map((row) => [
      ...fields
        .filter((field) => row[field] !== undefined)
        .map((field) => ({
          field,
          value:
            field === '@timestamp' || field === '@ingestionTime'
              ? insightsTime(Number(row[field]))
              : String(row[field]),
        })),
      { field: '@ptr', value: String(row['@ptr']) },
    ]),
    statistics: { recordsMatched: matched, recordsScanned: records.length, bytesScanned },
  };
  world.logs.queries.set(run.id, run);
  for (const id of world.logs.queries.keys()) {
    if (world.logs.queries.size <= KEPT_RUNS) break;
    world.logs.queries.delete(id);
  }
  return { queryId: run.id };
}

function findRun(world: World, input: JsonObject): InsightsRun {
  const run = world.logs.queries.get(reqString(input, 'queryId'));
  if (!run) throw new AwsError('ResourceNotFoundException', 'The specified query does not exist.');
  if (run.status === 'Running' && world.now() >= run.readyAt) run.status = 'Complete';
  return run;
}

export function getQueryResults(world: World, input: JsonObject) {
  const run = findRun(world, input);
  return {
    queryLanguage: 'CWLI',
    results: run.status === 'Complete' ? run.rows : [],
    statistics:
      run.status === 'Complete'
        ? run.statistics
        : { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
    status: run.status,
  };
}

export function stopQuery(world: World, input: JsonObject) {
  const run = findRun(world, input);
  if (run.status !== 'Running') throw invalidParameter(`Query ${run.id} is not running.`);
  run.status = 'Cancelled';
  return { success: true };
}

/** Fields in the group's events of the 15 minutes before `time` (default now), by share. */
export function getLogGroupFields(world: World, input: JsonObject) {
  const group = resolveGroup(world, input);
  const time = optNumber(input, 'time');
  const until = time === undefined ? world.now() : time * 1000;
  const counts = new Map<string, number>();
  let total = 0;
  for (const stream of group.streams.values())
    for (const event of stream.events) {
      if (event.timestamp < until - 15 * 60_000 || event.timestamp > until) continue;
      total++;
      for (const field of Object.keys(recordOf(world, group, stream.name, event)))
        if (field !== '@ptr') counts.set(field, (counts.get(field) ?? 0) + 1);
    }
  return {
    logGroupFields: [...counts].map(([name, count]) => ({
      name,
      percent: Math.round((count / total) * 100),
    })),
  };
}
