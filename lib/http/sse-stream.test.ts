import { describe, expect, it } from 'vitest';
import { DROPPED_MESSAGE, formatEvent, sseStream, type SseEvent } from './sse-stream';

/** An endless source of 1 KiB events that counts what was taken and whether it was ended. */
function endless() {
  const state = { produced: 0, ended: false };
  async function* events(): AsyncGenerator<SseEvent> {
    try {
      for (;;) {
        state.produced++;
        yield { event: 'line', id: String(state.produced), data: 'x'.repeat(1024) };
        await Promise.resolve();
      }
    } finally {
      state.ended = true;
    }
  }
  return { state, events: events() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('formatEvent', () => {
  it('writes one data field per line, so a message cannot forge an event', () => {
    expect(formatEvent({ event: 'line', id: '1\nevent: end', data: 'a\n\nevent: end\r\nb' })).toBe(
      'id: 1event: end\nevent: line\ndata: a\ndata: \ndata: event: end\ndata: b\n\n',
    );
  });
});

describe('sseStream', () => {
  it('takes no more from the source than a client that does not read can hold, then drops it', async () => {
    const { state, events } = endless();
    let closes = 0;
    const body = sseStream(events, {
      highWaterMark: 16 * 1024,
      stallMs: 1000,
      close: () => closes++,
    });
    // Past the stall (dropped), before the second stall (cut off).
    await sleep(1500);
    // Events of ~1,050 bytes until 16 KiB are queued: the 16th crosses the mark; nothing more.
    expect(state.produced).toBe(16);
    expect(closes).toBe(1);
    expect(state.ended).toBe(true);
    // A client that reads again gets what was queued, then the notice, then the end.
    const text = await new Response(body).text();
    expect(text.match(/^event: line$/gm)).toHaveLength(16);
    expect(
      text.endsWith(
        `event: end\ndata: ${JSON.stringify({ retry: true, message: DROPPED_MESSAGE })}\n\n`,
      ),
    ).toBe(true);
  });

  it('cuts off a dropped client that still reads nothing', async () => {
    const { events } = endless();
    const body = sseStream(events, { highWaterMark: 4096, stallMs: 100, close: () => undefined });
    await sleep(400);
    await expect(new Response(body).text()).rejects.toThrow(DROPPED_MESSAGE);
  });

  it('ends the source and closes once when the client goes', async () => {
    const { state, events } = endless();
    let closes = 0;
    const body = sseStream(events, { highWaterMark: 4096, close: () => closes++ });
    const reader = body.getReader();
    await reader.read();
    await reader.cancel();
    await sleep(50);
    expect(closes).toBe(1);
    expect(state.ended).toBe(true);
  });

  it('sends the error event when the source fails, and closes', async () => {
    let closes = 0;
    // eslint-disable-next-line require-yield
    async function* failing(): AsyncGenerator<SseEvent> {
      await Promise.resolve();
      throw new Error('boom');
    }
    const body = sseStream(failing(), {
      onError: (error) => ({ event: 'end', data: (error as Error).message }),
      close: () => closes++,
    });
    expect(await new Response(body).text()).toBe('retry: 2000\n\nevent: end\ndata: boom\n\n');
    expect(closes).toBe(1);
  });
});
