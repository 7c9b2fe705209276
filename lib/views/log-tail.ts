import 'server-only';
import { getService, getTaskDefinition } from '../aws/ecs';
import {
  readRange as readRangeIn,
  type LogLine,
  type TailBatch,
  type TailSource,
} from '../aws/logs';
import { sharedTail, SlowViewerError, type TailKind } from '../aws/tail-hub';
import { inPlace, placeInScope, type Place } from '../targets/place';
import { toAwsFailure } from '../aws/errors';

/** A container whose output can be tailed: its awslogs group and stream prefix. */
export interface TailableContainer {
  name: string;
  group: string;
  streamPrefix: string;
}

/**
 * The containers of a service's PRIMARY revision (or of one task's revision) that log with
 * awslogs, read from the task definition: nothing to type.
 */
export async function tailableContainers(
  cluster: string,
  service: string,
  taskDefinitionArn?: string,
): Promise<TailableContainer[] | null> {
  let arn = taskDefinitionArn;
  if (!arn) {
    const found = await getService(cluster, service);
    if (!found.data) return null;
    arn =
      found.data.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition.arn ??
      found.data.taskDefinition.arn;
  }
  const definition = await getTaskDefinition(arn);
  return definition.containers.flatMap((c) => {
    const options =
      c.logConfiguration?.logDriver === 'awslogs' ? c.logConfiguration.options : undefined;
    const group = options?.['awslogs-group'];
    if (!group) return [];
    // awslogs names streams prefix/container/task-id (or just the task id without a prefix).
    const prefix = options['awslogs-stream-prefix'];
    return [{ name: c.name, group, streamPrefix: prefix ? `${prefix}/${c.name}/` : '' }];
  });
}

export function sourceFor(
  containers: TailableContainer[],
  taskId: string | undefined,
  filterPattern: string | undefined,
): TailSource {
  return {
    groups: [...new Set(containers.map((c) => c.group))],
    streamPrefixes: containers
      .filter((c) => c.streamPrefix)
      .map((c) => `${c.streamPrefix}${taskId ?? ''}`),
    filterPattern,
  };
}

/**
 * The backlog read before following live: at most this many lines and bytes of messages, so a
 * viewer asking for a day of 8 KB lines costs a bounded amount of memory.
 */
const BACKLOG_LINES = 20_000;
const BACKLOG_BYTES = 2 * 1024 * 1024;

export type TailMessage =
  | { type: 'lines'; lines: LogLine[] }
  | {
      type: 'notice';
      kind: 'sampled' | 'truncated' | 'fallback' | 'restarted' | 'behind';
      message: string;
    };

/** A step of the live tail, settled either way, so a failure is never unhandled. */
type Settled = { ok: true; value: IteratorResult<TailBatch> } | { ok: false; error: unknown };
const settle = (step: Promise<IteratorResult<TailBatch>>): Promise<Settled> =>
  step.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** Why the tail polls instead of following live. */
function fallbackNotice(error: unknown): string {
  // The account's concurrent sessions are a quota, not throttling: retrying will not help.
  if (error instanceof Error && error.name === 'LimitExceededException') {
    return 'Live tail unavailable: every concurrent Live Tail session this AWS account may hold is in use (a CloudWatch Logs quota); polling every second instead.';
  }
  const failure = toAwsFailure(error, 'logs:StartLiveTail');
  return `Live tail unavailable (${failure.message}); polling every second instead.`;
}

/** A live session that ends sooner than this after it started is not restarted: Berth polls. */
const SHORTEST_SESSION_MS = 10_000;

/**
 * One browser's tail: the lines since `since` (or since the line it last saw, on reconnect),
 * then new lines live. The live session starts before the backfill is read so nothing falls in
 * between; lines both deliver are sent once (by id). Whatever ends the tail (the browser going,
 * a failed backlog read, the consumer stopping early) closes the live session: it has its own
 * abort signal, aborted in `finally`. Errors are thrown to the caller.
 */
export async function* tailSession(options: {
  source: TailSource;
  since: number;
  resumeAfter?: string;
  mode: 'auto' | 'poll';
  signal: AbortSignal;
  /** The request's place: the stream is read later, outside the request's own code. */
  place?: Place;
}): AsyncGenerator<TailMessage> {
  const { source } = options;
  const place = options.place ?? placeInScope();
  const readRange = (...args: Parameters<typeof readRangeIn>) =>
    inPlace(place, () => readRangeIn(...args));
  const session = new AbortController();
  const stop = () => session.abort();
  if (options.signal.aborted) return;
  options.signal.addEventListener('abort', stop, { once: true });
  const signal = session.signal;
  try {
    yield* follow(options, signal);
  } finally {
    options.signal.removeEventListener('abort', stop);
    session.abort();
  }

  async function* follow(
    { since, resumeAfter, mode }: typeof options,
    signal: AbortSignal,
  ): AsyncGenerator<TailMessage> {
    const sent = new Set<string>();
    const remember = (lines: LogLine[]) => {
      const fresh = lines.filter((line) => !sent.has(line.id));
      for (const line of fresh) sent.add(line.id);
      if (sent.size > 50_000) for (const id of [...sent].slice(0, 25_000)) sent.delete(id);
      return fresh;
    };

    // The shared tail is joined before the backlog is read, so nothing falls in between.
    // Settled either way, so a failure before the backlog is read is never unhandled.
    const kind: TailKind = mode === 'auto' ? 'live' : 'poll';
    let tail = sharedTail(kind, source, signal, place);
    let first = settle(tail.next());
    let tailSince = Date.now();

    // The backlog: from the start of the range (or the line last seen), oldest first, bounded;
    // live or polled lines follow from there.
    const resumeAt = resumeAfter ? Number(resumeAfter.split('-')[0]) : undefined;
    const from = resumeAt !== undefined && Number.isFinite(resumeAt) ? resumeAt : since;
    const backlog = await readRange(source, from, BACKLOG_LINES, signal, BACKLOG_BYTES);
    let lines = backlog.lines;
    if (resumeAfter) {
      const at = lines.findIndex((line) => line.id === resumeAfter);
      lines =
        at >= 0 ? lines.slice(at + 1) : lines.filter((line) => line.timestamp > (resumeAt ?? 0));
    }
    if (backlog.more) {
      yield {
        type: 'notice',
        kind: 'truncated',
        message: `The time range holds more than Berth reads back at once (${BACKLOG_LINES.toLocaleString('en')} lines or ${BACKLOG_BYTES / 1024 / 1024} MiB); only the first are shown before the live lines. Pick a later start or a filter.`,
      };
    }
    const fresh = remember(lines);
    for (let i = 0; i < fresh.length; i += 2000)
      yield { type: 'lines', lines: fresh.slice(i, i + 2000) };
    let lastTimestamp = fresh.at(-1)?.timestamp ?? from;

    if (kind === 'live') {
      for (;;) {
        const started = await first;
        if (signal.aborted) return;
        if (!started.ok && !(started.error instanceof SlowViewerError)) {
          yield { type: 'notice', kind: 'fallback', message: fallbackNotice(started.error) };
          break;
        }
        const ending = yield* drain(tail, started);
        if (ending !== 'ended' || signal.aborted) return;
        // The session ended cleanly (AWS ends them after 3 hours): start another, unless it
        // lasted so little that another would too; then poll.
        if (Date.now() - tailSince < SHORTEST_SESSION_MS) {
          yield {
            type: 'notice',
            kind: 'fallback',
            message:
              'The live tail session ended as soon as it started; polling every second instead.',
          };
          break;
        }
        yield {
          type: 'notice',
          kind: 'restarted',
          message: 'The live tail session ended; restarted.',
        };
        tail = sharedTail('live', source, signal, place);
        first = settle(tail.next());
        tailSince = Date.now();
        yield* catchUp();
      }
      // Falling back: join the polling loop every viewer of this source shares.
      tail = sharedTail('poll', source, signal, place);
      first = settle(tail.next());
      yield* catchUp();
    }
    yield* drain(tail, await first);

    /**
     * Once a tail is (re)joined, what this viewer may have missed since its last line: written
     * while no session ran, or already passed by a polling loop it joined late. One read.
     */
    async function* catchUp(): AsyncGenerator<TailMessage> {
      const missed = await readRange(source, lastTimestamp, BACKLOG_LINES, signal, BACKLOG_BYTES);
      const caught = remember(missed.lines);
      if (caught.length) {
        lastTimestamp = Math.max(lastTimestamp, caught.at(-1)?.timestamp ?? 0);
        yield { type: 'lines', lines: caught };
      }
    }

    /**
     * Sends a shared tail's batches on until it ends ('ended'), the viewer goes ('gone'), or it
     * fell behind ('behind', said in a notice: the browser reconnects and reads what it missed).
     */
    async function* drain(
      from: AsyncGenerator<TailBatch>,
      step: Settled,
    ): AsyncGenerator<TailMessage, 'ended' | 'gone' | 'behind'> {
      for (;;) {
        if (signal.aborted) return 'gone';
        if (!step.ok) {
          if (!(step.error instanceof SlowViewerError)) throw step.error;
          yield { type: 'notice', kind: 'behind', message: step.error.message };
          return 'behind';
        }
        if (step.value.done) return 'ended';
        const batch = step.value.value;
        if (batch.sampled)
          yield {
            type: 'notice',
            kind: 'sampled',
            message:
              'CloudWatch Logs sampled this second: more lines were written than it delivered.',
          };
        const fresh = remember(batch.lines);
        if (fresh.length) {
          lastTimestamp = Math.max(lastTimestamp, fresh.at(-1)?.timestamp ?? 0);
          yield { type: 'lines', lines: fresh };
        }
        step = await settle(from.next());
      }
    }
  }
}
