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

  it('writes only the data of an event without a name or an id', () => {
    expect(formatEvent({ data: 'x' })).toBe('data: x\n\n');
  });
});

/** A source of the given events that then ends, as a finished log range does. */
async function* finite(...events: SseEvent[]): AsyncGenerator<SseEvent> {
  for (const event of events) {
    await Promise.resolve();
    yield event;
  }
}

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

  it('holds 256 KiB for a client that does not read, unless told otherwise', async () => {
    const { state, events } = endless();
    sseStream(events, { stallMs: 100, close: () => undefined });
    await sleep(300);
    // retry (13 bytes), then events of 1,050 to 1,052 bytes: the 250th crosses 262,144.
    expect(state.produced).toBe(250);
  });

  it('waits at the mark itself: a queue exactly full takes nothing more', async () => {
    const { state, events } = endless();
    // retry: 2000 (13 bytes) and the first event (1,050 bytes) fill the queue to the byte.
    const body = sseStream(events, { highWaterMark: 1063, heartbeatMs: 20, close: () => {} });
    await sleep(150);
    expect(state.produced).toBe(1);
    // Nor a keep-alive into the full queue: after the retry and the event comes event 2.
    const reader = body.getReader();
    const chunks: string[] = [];
    for (let i = 0; i < 3; i++) chunks.push(new TextDecoder().decode((await reader.read()).value));
    expect(chunks.map((chunk) => chunk.split('\n')[0])).toEqual(['retry: 2000', 'id: 1', 'id: 2']);
    await reader.cancel();
  });

  it('keeps an idle stream alive with a comment every heartbeat', async () => {
    async function* quiet(): AsyncGenerator<SseEvent> {
      await sleep(130);
      yield { data: 'late' };
    }
    const body = sseStream(quiet(), { heartbeatMs: 20, close: () => {} });
    expect(await new Response(body).text()).toMatch(
      /^retry: 2000\n\n(: keep-alive\n\n){2,}data: late\n\n$/,
    );
  });

  it('sends no keep-alive while a client that does not read has a full queue', async () => {
    let closes = 0;
    const body = sseStream(finite({ data: 'x'.repeat(1024) }), {
      highWaterMark: 100,
      heartbeatMs: 20,
      close: () => closes++,
    });
    await sleep(150);
    expect(await new Response(body).text()).toBe(`retry: 2000\n\ndata: ${'x'.repeat(1024)}\n\n`);
    expect(closes).toBe(1);
  });

  it('closes after the last event of a source that ends, with no error event', async () => {
    const body = sseStream(finite({ event: 'line', data: 'a' }, { event: 'line', data: 'b' }), {
      onError: () => ({ event: 'end', data: 'failed' }),
      close: () => {},
    });
    expect(await new Response(body).text()).toBe(
      'retry: 2000\n\nevent: line\ndata: a\n\nevent: line\ndata: b\n\n',
    );
  });

  it('tells a dropped client why, in these words', () => {
    expect(DROPPED_MESSAGE).toBe(
      'This view fell too far behind the log stream and was disconnected to protect the server.',
    );
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
