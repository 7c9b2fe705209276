import 'server-only';
import { z } from 'zod';
import { toAwsFailure } from '../aws/errors';
import { runInsightsQuery, type InsightsAnswer } from '../aws/logs-insights';
import { currentCaller, permission } from '../auth/guard';
import { ClusterName, ServiceName } from '../schemas/actions';
import { tailableContainers } from '../views/log-tail';
import type { ActionError } from './result';
import { currentPlace, inPlace, type Place } from '../targets/place';

/** The ranges the query box offers, back from now. */
export const INSIGHTS_RANGES = { '15m': 15, '1h': 60, '6h': 360, '24h': 1_440, '7d': 10_080 };
export type InsightsRange = keyof typeof INSIGHTS_RANGES;

export const DEFAULT_INSIGHTS_QUERY =
  'fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 100';

const LogsQueryInput = z.strictObject({
  cluster: ClusterName,
  service: ServiceName,
  query: z
    .string({ message: 'Write a query.' })
    .trim()
    .min(1, `Write a query, for example: ${DEFAULT_INSIGHTS_QUERY}`)
    .max(10_000, 'Logs Insights takes queries of at most 10,000 characters.'),
  range: z.enum(Object.keys(INSIGHTS_RANGES) as [InsightsRange, ...InsightsRange[]], {
    message: `Choose a range: ${Object.keys(INSIGHTS_RANGES).join(', ')}.`,
  }),
});

export type LogsQueryResult =
  | ({ ok: true; groups: string[]; from: number; to: number } & InsightsAnswer)
  | { ok: false; error: ActionError };

/**
 * A Logs Insights query over the log groups and streams of a service's containers (read from
 * its task definition, never from the form), for someone whose role may read this cluster's
 * logs.
 * Reads only; nothing is audited, as with the live tail.
 */
export async function queryServiceLogs(raw: unknown): Promise<LogsQueryResult> {
  // Its reads run in the page's place (proxy.ts), as every action's do.
  const place = await currentPlace();
  return inPlace(place, () => queryInPlace(raw, place));
}

async function queryInPlace(raw: unknown, place: Place): Promise<LogsQueryResult> {
  const caller = await currentCaller();
  const parsed = LogsQueryInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid', message: parsed.error.issues[0]?.message ?? 'Invalid query.' },
    };
  }
  const { cluster, service, query, range } = parsed.data;
  const denied = permission(caller, 'logs', place, cluster);
  if (denied) return { ok: false, error: denied };
  try {
    const containers = await tailableContainers(cluster, service);
    if (!containers)
      return {
        ok: false,
        error: { code: 'not-found', message: `Service ${service} not found in ${cluster}.` },
      };
    const groups = [...new Set(containers.map((c) => c.group))];
    // Its streams only: a container without a prefix ('') leaves the groups unscoped.
    const source = { groups, streamPrefixes: containers.map((c) => c.streamPrefix) };
    if (groups.length === 0)
      return {
        ok: false,
        error: {
          code: 'not-found',
          message: `No container of ${service} logs with the awslogs driver: there is nothing to query.`,
        },
      };
    const to = Date.now();
    const from = to - INSIGHTS_RANGES[range] * 60_000;
    const answer = await runInsightsQuery(source, query, from, to);
    return { ok: true, groups, from, to, ...answer };
  } catch (error) {
    const failure = toAwsFailure(error, 'logs:StartQuery');
    return { ok: false, error: { code: failure.kind, message: failure.message } };
  }
}
