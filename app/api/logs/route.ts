/**
 * GET /api/logs?cluster=&service=&task=&containers=a,b&filter=&since=5m&mode=auto|poll
 * Server-Sent Events: `line` events (id = the line's id, so a reconnecting EventSource resumes
 * with Last-Event-ID, losing and repeating nothing), `notice` events (sampling, fallback).
 * The upstream tail stops when the browser goes; each client may hold a few sessions at most.
 */
import { z } from 'zod';
import { getTask } from '@/lib/aws/ecs';
import { toAwsFailure } from '@/lib/aws/errors';
import { ClusterName, ServiceName } from '@/lib/schemas/actions';
import { sourceFor, tailableContainers, tailSession } from '@/lib/views/log-tail';

export const dynamic = 'force-dynamic';

const MAX_SESSIONS_PER_CLIENT = 6;
const sessions = new Map<string, number>();

const Query = z.object({
  cluster: ClusterName,
  service: ServiceName,
  task: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a task id.')
    .optional(),
  containers: z.string().max(2000).optional(),
  filter: z.string().max(1024, 'Keep the filter under 1024 characters.').optional(),
  since: z
    .string()
    .regex(
      /^(\d+[mhd]|\d{4}-\d{2}-\d{2}T[\d:.]+Z?)$/,
      'since is a duration like 5m, 1h, 1d or an ISO time.',
    )
    .default('5m'),
  mode: z.enum(['auto', 'poll']).default('auto'),
});

function sinceMs(value: string): number {
  const match = /^(\d+)([mhd])$/.exec(value);
  if (!match) return Date.parse(value);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return Date.now() - Number(match[1]) * unit;
}

const problem = (status: number, message: string) => Response.json({ error: message }, { status });

export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = Query.safeParse(
    Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '')),
  );
  if (!parsed.success) return problem(400, parsed.error.issues[0]?.message ?? 'Invalid query.');
  const query = parsed.data;

  const client = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'local';
  if ((sessions.get(client) ?? 0) >= MAX_SESSIONS_PER_CLIENT) {
    return problem(
      429,
      `At most ${MAX_SESSIONS_PER_CLIENT} log tails per client: close another tab.`,
    );
  }

  let source;
  try {
    const task = query.task ? (await getTask(query.cluster, query.task)).data : undefined;
    if (query.task && !task)
      return problem(404, `Task ${query.task} not found in ${query.cluster}.`);
    const all = await tailableContainers(query.cluster, query.service, task?.taskDefinition.arn);
    if (!all) return problem(404, `Service ${query.service} not found in ${query.cluster}.`);
    const wanted = query.containers?.split(',').filter(Boolean);
    const chosen = wanted ? all.filter((c) => wanted.includes(c.name)) : all;
    if (chosen.length === 0) return problem(400, 'None of the chosen containers log with awslogs.');
    source = sourceFor(chosen, query.task, query.filter);
  } catch (error) {
    return problem(502, toAwsFailure(error, 'ecs:DescribeServices').message);
  }

  const upstream = new AbortController();
  request.signal.addEventListener('abort', () => upstream.abort(), { once: true });
  sessions.set(client, (sessions.get(client) ?? 0) + 1);
  const release = () => {
    const left = (sessions.get(client) ?? 1) - 1;
    if (left > 0) sessions.set(client, left);
    else sessions.delete(client);
  };

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), 15_000);
      send('retry: 2000\n\n');
      try {
        for await (const message of tailSession({
          source,
          since: sinceMs(query.since),
          resumeAfter: request.headers.get('last-event-id') ?? undefined,
          mode: query.mode,
          signal: upstream.signal,
        })) {
          if (message.type === 'lines') {
            for (const line of message.lines) {
              const [, container = '', task = ''] = line.stream.split('/');
              send(
                `id: ${line.id}\nevent: line\ndata: ${JSON.stringify({ id: line.id, ts: line.timestamp, message: line.message, stream: line.stream, container, task })}\n\n`,
              );
            }
          } else {
            send(`event: notice\ndata: ${JSON.stringify(message)}\n\n`);
          }
        }
      } catch (error) {
        if (!upstream.signal.aborted) {
          send(
            `event: notice\ndata: ${JSON.stringify({ type: 'notice', kind: 'error', message: toAwsFailure(error, 'logs:FilterLogEvents').message })}\n\n`,
          );
        }
      } finally {
        clearInterval(heartbeat);
        release();
        try {
          controller.close();
        } catch {
          // the browser already went
        }
      }
    },
    cancel() {
      upstream.abort();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    },
  });
}
