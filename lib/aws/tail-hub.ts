import 'server-only';
import { env } from '../env';
import { inPlace, placeId, placeInScope, type Place } from '../targets/place';
import { liveTail, pollTail, type TailBatch, type TailSource } from './logs';

/**
 * One upstream tail per source (log groups, stream prefixes, filter), shared by every viewer of
 * it in this process: a StartLiveTail session, or where live tail is unavailable one polling
 * loop of FilterLogEvents. CloudWatch Logs caps concurrent Live Tail sessions per account (15 by
 * default) and bills them per minute, so a team watching a deploy together must cost one
 * session, not one per tab. A live session stays open `liveTailLingerMs` after its last viewer
 * leaves (a reload or a reconnect rejoins it), then closes upstream; a polling loop stops at
 * once (starting one again costs nothing but its next call).
 *
 * Each viewer has its own queue, bounded in bytes: a viewer that falls that far behind is
 * dropped (SlowViewerError) rather than growing the server's memory; it reconnects and reads
 * what it missed from FilterLogEvents.
 */

/** A viewer this far behind (in message bytes) is dropped. */
export const VIEWER_QUEUE_BYTES = 4 * 1024 * 1024;

export class SlowViewerError extends Error {
  constructor() {
    super('This viewer fell too far behind the live log tail and was disconnected.');
    this.name = 'SlowViewerError';
  }
}

interface Viewer {
  queue: TailBatch[];
  bytes: number;
  /** Set when the viewer awaits its next batch. */
  wake?: () => void;
  /** The session ended: cleanly (no error) or with the error that ended it. */
  ended?: { error?: Error };
}

export type TailKind = 'live' | 'poll';

interface Shared {
  kind: TailKind;
  viewers: Set<Viewer>;
  controller: AbortController;
  linger?: ReturnType<typeof setTimeout>;
}

const sessions = new Map<string, Shared>();

/** Two viewers share a session when they would see the same lines the same way. */
export function sourceKey(kind: TailKind, source: TailSource): string {
  return JSON.stringify([
    kind,
    [...source.groups].sort(),
    [...source.streamPrefixes].sort(),
    source.filterPattern ?? '',
  ]);
}

/** How far back a new polling loop starts: lines ingested late are still found (ids dedupe). */
const POLL_OVERLAP_MS = 5000;

function upstream(kind: TailKind, source: TailSource, signal: AbortSignal) {
  return kind === 'live'
    ? liveTail(source, signal)
    : pollTail(source, Date.now() - POLL_OVERLAP_MS, signal);
}

const batchBytes = (batch: TailBatch) =>
  batch.lines.reduce((sum, line) => sum + line.message.length + 64, 0);

function wake(viewer: Viewer) {
  const resume = viewer.wake;
  viewer.wake = undefined;
  resume?.();
}

function open(key: string, kind: TailKind, source: TailSource, place: Place): Shared {
  const shared: Shared = { kind, viewers: new Set(), controller: new AbortController() };
  sessions.set(key, shared);
  const end = (error?: Error) => {
    if (sessions.get(key) === shared) sessions.delete(key);
    clearTimeout(shared.linger);
    shared.controller.abort();
    for (const viewer of shared.viewers) {
      viewer.ended = { error };
      wake(viewer);
    }
  };
  void inPlace(place, async () => {
    try {
      for await (const batch of upstream(kind, source, shared.controller.signal)) {
        for (const viewer of shared.viewers) {
          viewer.queue.push(batch);
          viewer.bytes += batchBytes(batch);
          if (viewer.bytes > VIEWER_QUEUE_BYTES) {
            // Dropped: its queue goes now, whatever it was holding.
            leave(key, shared, viewer);
            viewer.queue = [];
            viewer.ended = { error: new SlowViewerError() };
          }
          wake(viewer);
        }
      }
      end();
    } catch (error) {
      // AWS ends every session after 3 hours with SessionTimeoutException: an end, not a fault.
      const timedOut = error instanceof Error && error.name === 'SessionTimeoutException';
      if (shared.controller.signal.aborted || timedOut) end();
      else end(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return shared;
}

function leave(key: string, shared: Shared, viewer: Viewer) {
  if (!shared.viewers.delete(viewer)) return;
  if (shared.viewers.size || shared.controller.signal.aborted) return;
  const close = () => {
    if (sessions.get(key) === shared) sessions.delete(key);
    shared.controller.abort();
  };
  const linger = shared.kind === 'live' ? env().liveTailLingerMs : 0;
  if (linger === 0) close();
  // Unref'd: a lingering session never keeps the process alive.
  else shared.linger = setTimeout(close, linger).unref();
}

/**
 * New lines of `source` as they are written, from the `kind` of tail every viewer of it shares
 * (started on the first). Ends when the session ends cleanly; throws what ended it otherwise,
 * including StartLiveTail's refusal, and SlowViewerError for a viewer that fell behind.
 * Leaving (`signal` aborted, or the consumer stopping) never closes the session for the others.
 */
export async function* sharedTail(
  kind: TailKind,
  source: TailSource,
  signal: AbortSignal,
  place: Place = placeInScope(),
): AsyncGenerator<TailBatch> {
  // One place's tail is never another's: the same log group name exists in every account.
  const key = `${placeId(place)}|${sourceKey(kind, source)}`;
  const shared = sessions.get(key) ?? open(key, kind, source, place);
  clearTimeout(shared.linger);
  const viewer: Viewer = { queue: [], bytes: 0 };
  shared.viewers.add(viewer);
  // Leaving on abort, not only in `finally`: a consumer that stops between batches leaves this
  // generator suspended at a yield, where `finally` would never run.
  const onAbort = () => {
    leave(key, shared, viewer);
    wake(viewer);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (!signal.aborted) {
      const batch = viewer.queue.shift();
      if (batch) {
        viewer.bytes -= batchBytes(batch);
        yield batch;
        continue;
      }
      if (viewer.ended) {
        if (viewer.ended.error) throw viewer.ended.error;
        return;
      }
      await new Promise<void>((resolve) => (viewer.wake = resolve));
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    leave(key, shared, viewer);
  }
}

/** How many upstream sessions are open: for the tests and the benchmark. */
export const openSessions = () => sessions.size;
