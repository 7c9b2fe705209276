/**
 * A Server-Sent Events body that holds a bounded number of bytes per client. Events are pulled
 * from `events` only while the client keeps up: once the queue holds `highWaterMark` bytes the
 * producer waits for the client to read, and a client that reads nothing for `stallMs` is
 * dropped with a final `end` event. Whatever ends the stream (source done or failed, the client
 * gone, dropped) calls `close` once, which must release the upstream.
 */
export interface SseEvent {
  event?: string;
  id?: string;
  data: string;
}

export interface SseOptions {
  /** Bytes queued for one client before the producer waits for it. */
  highWaterMark?: number;
  /** How long a client may read nothing while bytes wait before it is dropped. */
  stallMs?: number;
  heartbeatMs?: number;
  /** The event sent when the source fails; undefined sends nothing more. */
  onError?: (error: unknown) => SseEvent | undefined;
  /** Called exactly once when the stream ends, however it ends. */
  close: () => void;
}

const encoder = new TextEncoder();

export function formatEvent({ event, id, data }: SseEvent): string {
  // A field value cannot hold a newline; data spans lines with one data: field each.
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`);
  return `${id !== undefined ? `id: ${id.replace(/[\r\n]/g, '')}\n` : ''}${event ? `event: ${event}\n` : ''}${lines.join('')}\n`;
}

export const DROPPED_MESSAGE =
  'This view fell too far behind the log stream and was disconnected to protect the server.';

export function sseStream(events: AsyncIterable<SseEvent>, options: SseOptions) {
  const highWaterMark = options.highWaterMark ?? 256 * 1024;
  const stallMs = options.stallMs ?? 20_000;
  let finished = false;
  /** The client went (cancel): nothing more is written. */
  let gone = false;
  let wake: ((pulled: boolean) => void) | undefined;
  let iterator: AsyncIterator<SseEvent> | undefined;

  const finish = () => {
    if (finished) return;
    finished = true;
    // Ends the source's own work (generators run their finally blocks once a pending step ends).
    void iterator?.return?.().catch(() => undefined);
    options.close();
  };

  /** True once the client has read below the mark; false after `ms` without a read, or gone. */
  const pulled = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => wake?.(false), ms);
      wake = (value) => {
        clearTimeout(timer);
        wake = undefined;
        resolve(value && !gone);
      };
    });

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const write = (text: string) => controller.enqueue(encoder.encode(text));
        const heartbeat = setInterval(() => {
          if (!gone && (controller.desiredSize ?? 0) > 0) write(': keep-alive\n\n');
        }, options.heartbeatMs ?? 15_000);
        void (async () => {
          let stalled = false;
          try {
            write('retry: 2000\n\n');
            iterator = events[Symbol.asyncIterator]();
            for (;;) {
              const next = await iterator.next();
              if (next.done || gone) break;
              write(formatEvent(next.value));
              if ((controller.desiredSize ?? 0) <= 0 && !(await pulled(stallMs))) {
                stalled = !gone;
                break;
              }
            }
          } catch (error) {
            const last = gone ? undefined : options.onError?.(error);
            if (last) write(formatEvent(last));
          } finally {
            clearInterval(heartbeat);
            finish();
          }
          if (gone) return;
          if (stalled) {
            write(
              formatEvent({
                event: 'end',
                data: JSON.stringify({ retry: true, message: DROPPED_MESSAGE }),
              }),
            );
            // A client that reads again gets the notice; one that never does is cut off, so its
            // connection and queued bytes do not linger.
            if (!(await pulled(stallMs))) {
              if (!gone) controller.error(new Error(DROPPED_MESSAGE));
              return;
            }
          }
          try {
            controller.close();
          } catch {
            // the client already went
          }
        })();
      },
      pull() {
        wake?.(true);
      },
      cancel() {
        gone = true;
        wake?.(false);
        finish();
      },
    },
    { highWaterMark, size: (chunk) => chunk.byteLength },
  );
}
