/**
 * GET /api/logs?cluster=&service=&task=&containers=a,b&filter=&since=5m&mode=auto|poll
 * Server-Sent Events: `line` events (id = the line's id, so a reconnect with Last-Event-ID
 * resumes, losing and repeating nothing), `notice` events (sampling, fallback), and a last `end`
 * event ({retry, message}) when the stream ends for a reason the browser should show; `retry:
 * false` means reconnecting will not help. Refusals before the stream are JSON with a 4xx status.
 * Every exit path closes the upstream tail; each client holds a bounded buffer and a few tails.
 */
import { z } from 'zod';
import { getTask } from '@/lib/aws/ecs';
import type { TailSource } from '@/lib/aws/logs';
import { toAwsFailure } from '@/lib/aws/errors';
import { env } from '@/lib/env';
import { currentPlace } from '@/lib/targets/place';
import { permission, unauthenticated } from '@/lib/auth/guard';
import { resolveCaller } from '@/lib/auth/identity';
import { clientAddress } from '@/lib/http/client-address';
import { sseStream, type SseEvent } from '@/lib/http/sse-stream';
import { ClusterName, ServiceName } from '@/lib/schemas/actions';
import { sourceFor, tailableContainers, tailSession, type TailMessage } from '@/lib/views/log-tail';

export const dynamic = 'force-dynamic';

const MAX_SESSIONS_PER_CLIENT = 6;
const sessions = new Map<string, number>();

/** A duration back from now (5m, 1h, 1d) or an ISO time that is a real instant. */
const Since = z
  .string()
  .regex(
    /^(\d{1,4}[mhd]|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)$/,
    'since is a duration like 5m, 1h, 1d or an ISO time like 2026-12-02T10:00.',
  )
  .refine((value) => /^\d+[mhd]$/.test(value) || isRealInstant(value), {
    message: 'since names a date that does not exist: use a real date and time.',
  });

function isRealInstant(value: string): boolean {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return false;
  // Date.parse rolls 2024-02-30 over to March; a real date reads back the same.
  const [date] = value.split('T');
  const local = new Date(ms);
  const back = value.endsWith('Z')
    ? local.toISOString().slice(0, 10)
    : `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
  return back === date;
}

const Query = z.strictObject({
  cluster: ClusterName,
  service: ServiceName,
  task: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a task id.')
    .optional(),
  containers: z.string().max(2000).optional(),
  filter: z.string().max(1024, 'Keep the filter under 1024 characters.').optional(),
  since: Since.default('5m'),
  mode: z.enum(['auto', 'poll']).default('auto'),
});

function sinceMs(value: string): number {
  const match = /^(\d+)([mhd])$/.exec(value);
  if (!match) return Date.parse(value);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return Date.now() - Number(match[1]) * unit;
}

const problem = (status: number, message: string) =>
  Response.json({ error: message }, { status, headers: { 'cache-control': 'no-store' } });

function toEvent(message: TailMessage): SseEvent[] {
  if (message.type === 'notice') {
    return [{ event: 'notice', data: JSON.stringify(message) }];
  }
  return message.lines.map((line) => {
    const [, container = '', task = ''] = line.stream.split('/');
    return {
      event: 'line',
      id: line.id,
      data: JSON.stringify({
        id: line.id,
        ts: line.timestamp,
        message: line.message,
        stream: line.stream,
        container,
        task,
      }),
    };
  });
}

async function* events(tail: AsyncIterable<TailMessage>): AsyncGenerator<SseEvent> {
  for await (const message of tail) yield* toEvent(message);
}

/** What to tail for a valid query: the chosen containers' log source, or the refusal. */
async function sourceOf(query: z.infer<typeof Query>): Promise<TailSource | Response> {
  try {
    const task = query.task ? (await getTask(query.cluster, query.task)).data : undefined;
    if (query.task && !task)
      return problem(404, `Task ${query.task} not found in ${query.cluster}.`);
    if (task && task.serviceName !== query.service)
      return problem(404, `Task ${query.task} is not a task of ${query.service}.`);
    const all = await tailableContainers(query.cluster, query.service, task?.taskDefinition.arn);
    if (!all) return problem(404, `Service ${query.service} not found in ${query.cluster}.`);
    const wanted = query.containers?.split(',').filter(Boolean);
    const chosen = wanted ? all.filter((c) => wanted.includes(c.name)) : all;
    if (chosen.length === 0) return problem(400, 'None of the chosen containers log with awslogs.');
    return sourceFor(chosen, query.task, query.filter);
  } catch (error) {
    const failure = toAwsFailure(error, 'ecs:DescribeServices');
    return problem(failure.kind === 'not-found' ? 404 : 502, failure.message);
  }
}

export async function GET(request: Request) {
  // An <img> or <script> on another site must not start tails with the viewer's cookies.
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    return problem(403, 'Log tails are only opened from Berth itself.');
  }
  const caller = await resolveCaller(request.headers, env());
  if (!caller) return problem(401, unauthenticated().message);
  const params = [...new URL(request.url).searchParams];
  if (new Set(params.map(([key]) => key)).size !== params.length) {
    return problem(400, 'Each query parameter may be given once.');
  }
  const parsed = Query.safeParse(Object.fromEntries(params.filter(([, v]) => v !== '')));
  if (!parsed.success) return problem(400, parsed.error.issues[0]?.message ?? 'Invalid query.');
  const query = parsed.data;
  // The same guard as every action: whether this caller's role may tail this cluster.
  const place = await currentPlace();
  const denied = permission(caller, 'logs', place, query.cluster);
  if (denied) return problem(403, denied.message);

  const client = clientAddress(request.headers, env().trustedProxies);
  if ((sessions.get(client) ?? 0) >= MAX_SESSIONS_PER_CLIENT) {
    return problem(
      429,
      `At most ${MAX_SESSIONS_PER_CLIENT} log tails per client: close another tab.`,
    );
  }

  // The slot is taken before any await: concurrent requests cannot all pass the check above.
  sessions.set(client, (sessions.get(client) ?? 0) + 1);
  const release = () => {
    const left = (sessions.get(client) ?? 1) - 1;
    if (left > 0) sessions.set(client, left);
    else sessions.delete(client);
  };
  const source = await sourceOf(query);
  if (source instanceof Response) {
    release();
    return source;
  }

  const upstream = new AbortController();
  const onGone = () => upstream.abort();
  request.signal.addEventListener('abort', onGone, { once: true });

  const tail = tailSession({
    source,
    since: sinceMs(query.since),
    resumeAfter: request.headers.get('last-event-id') ?? undefined,
    mode: query.mode,
    signal: upstream.signal,
    place,
  });
  const body = sseStream(events(tail), {
    onError: (error) => {
      const failure = toAwsFailure(error, 'logs:FilterLogEvents');
      // Throttling and outages pass; a missing permission or log group does not.
      const retry = failure.kind === 'throttled' || failure.kind === 'unavailable';
      return { event: 'end', data: JSON.stringify({ retry, message: failure.message }) };
    },
    close: () => {
      request.signal.removeEventListener('abort', onGone);
      upstream.abort();
      release();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
