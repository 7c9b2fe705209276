/**
 * A client of /api/logs for the tests: reads the SSE stream as a browser would, and writes log
 * lines to the sandbox.
 */
import { CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type * as Route from '../../app/api/logs/route';
import { ignoreAlreadyExists } from '../../sandbox/tests/ignore-exists';
import type { Harness } from './setup-berth';

export interface Line {
  id: string;
  message: string;
  container: string;
}

export function logStreamClient(harness: Harness, route: () => typeof Route.GET) {
  /** Opens the SSE stream and collects `line` events until `enough` or `ms`; then disconnects. */
  async function collect(
    query: string,
    enough: (lines: Line[]) => boolean,
    {
      ms = 10_000,
      lastEventId,
      peer,
    }: {
      ms?: number;
      lastEventId?: string;
      /** The viewer's address (x-berth-peer, believed with BERTH_PEER_HEADER=1). */
      peer?: string;
    } = {},
  ) {
    const abort = new AbortController();
    const response = await route()(
      new Request(`http://berth.test/api/logs?${query}`, {
        signal: abort.signal,
        headers: {
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
          ...(peer ? { 'x-berth-peer': peer } : {}),
        },
      }),
    );
    if (!response.headers.get('content-type')?.includes('text/event-stream')) {
      throw new Error(`Not a log stream: ${response.status} ${await response.text()}`);
    }
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    const lines: Line[] = [];
    const notices: string[] = [];
    let buffer = '';
    const deadline = Date.now() + ms;
    try {
      while (reader && Date.now() < deadline && !enough(lines)) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<undefined>((r) => setTimeout(() => r(undefined), deadline - Date.now())),
        ]);
        if (!chunk || chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        const events = buffer.split('\n\n');
        buffer = events.pop() ?? '';
        for (const event of events) {
          const type = /^event: (\w+)$/m.exec(event)?.[1];
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (type === 'line' && data) lines.push(JSON.parse(data) as Line);
          if (type === 'notice' && data)
            notices.push((JSON.parse(data) as { message: string }).message);
        }
      }
    } finally {
      abort.abort();
      await reader?.cancel().catch(() => undefined);
    }
    return { lines, notices };
  }

  async function put(stream: string, messages: string[]) {
    await harness.logs
      .send(new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: stream }))
      .catch(ignoreAlreadyExists);
    const now = Date.now();
    for (let i = 0; i < messages.length; i += 10_000) {
      await harness.logs.send(
        new PutLogEventsCommand({
          logGroupName: 'cruddur',
          logStreamName: stream,
          logEvents: messages.slice(i, i + 10_000).map((message) => ({ timestamp: now, message })),
        }),
      );
    }
  }

  return { collect, put };
}
