/**
 * /api/logs as an attacker or a fault meets it (issue 9), against the sandbox over HTTP: bad
 * input and cross-site requests cost no AWS call, every failure closes the upstream live tail,
 * errors that will not heal say so, and the backlog is bounded in bytes.
 */
import { CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Route from '../../app/api/logs/route';
import { eventually } from '../../sandbox/tests/harness';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 20 });
const { harness } = berth;
let GET: typeof Route.GET;

beforeAll(async () => {
  ({ GET } = await import('../../app/api/logs/route'));
});

afterEach(async () => {
  await harness.admin('DELETE', '/_sandbox/faults');
});

const liveTailSessions = async () =>
  (await harness.admin<{ liveTailSessions: number }>('GET', '/_sandbox/stats')).liveTailSessions;

const request = (query: string, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1:3000/api/logs?${query}`, { headers });

/** The events of a stream that ends by itself, as [event, data] pairs. */
async function readAll(response: Response): Promise<[string, string][]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map(
      (block) =>
        [/^event: (\w+)$/m.exec(block)?.[1] ?? '', /^data: (.*)$/m.exec(block)?.[1] ?? ''] as [
          string,
          string,
        ],
    )
    .filter(([event]) => event);
}

describe('refused before any AWS call', () => {
  it.each([
    [
      'since=2024-13-45T00:00',
      400,
      'since names a date that does not exist: use a real date and time.',
    ],
    [
      'since=2024-02-30T10:00',
      400,
      'since names a date that does not exist: use a real date and time.',
    ],
    ['since=5m&since=1h', 400, 'Each query parameter may be given once.'],
    ['since=5m&evil=1', 400, 'Unrecognized key: "evil"'],
    ['cluster=x%00', 400, 'Cluster names are 1-255 letters, digits, hyphens and underscores.'],
  ])('%s -> %i', async (extra, status, error) => {
    await berth.resetStats();
    const query = extra.startsWith('cluster=')
      ? `${extra}&service=backend-flask`
      : `cluster=cruddur&service=backend-flask&${extra}`;
    const response = await GET(request(query));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error });
    expect((await berth.stats()).total).toBe(0);
  });

  it('refuses a request another site made (an <img> or <script> tag), with no AWS call', async () => {
    await berth.resetStats();
    const response = await GET(
      request('cluster=cruddur&service=backend-flask', { 'sec-fetch-site': 'cross-site' }),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'Log tails are only opened from Berth itself.',
    });
    expect((await berth.stats()).total).toBe(0);
  });

  it('refuses a task of another service', async () => {
    const tasks = harness.sandbox.world().tasks;
    const frontend = [...tasks.values()].find(
      (t) => t.group === 'service:frontend-react-js' && t.lastStatus === 'RUNNING',
    );
    const id = frontend?.id ?? '';
    expect(id).toMatch(/^[a-f0-9]{32}$/);
    const response = await GET(request(`cluster=cruddur&service=backend-flask&task=${id}`));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: `Task ${id} is not a task of backend-flask.` });
  });
});

describe('tails per client', () => {
  it('takes the slot before any AWS read: of 7 tails opened at once by one client, 1 is refused', async () => {
    const aborts = Array.from({ length: 7 }, () => new AbortController());
    const responses = await Promise.all(
      aborts.map((abort) =>
        GET(
          new Request('http://127.0.0.1:3000/api/logs?cluster=cruddur&service=backend-flask', {
            signal: abort.signal,
          }),
        ),
      ),
    );
    const refused = responses.filter((r) => r.status === 429);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(await refused[0]?.json()).toEqual({
      error: 'At most 6 log tails per client: close another tab.',
    });
    for (const abort of aborts) abort.abort();
    const streams = responses.filter((r) => r.status === 200);
    await Promise.all(streams.map((r) => r.body?.cancel() ?? Promise.resolve()));
    // Closed tails give their slots back.
    const again = new AbortController();
    const next = await GET(
      new Request('http://127.0.0.1:3000/api/logs?cluster=cruddur&service=backend-flask', {
        signal: again.signal,
      }),
    );
    expect(next.status).toBe(200);
    again.abort();
    await next.body?.cancel();
  });
});

describe('every exit path closes the upstream session', () => {
  it('leaves zero live tail sessions after 50 failed backlog reads, each ending without retry', async () => {
    await harness.admin('PUT', '/_sandbox/faults', { deny: ['logs:FilterLogEvents'] });
    await berth.resetStats();
    expect(await liveTailSessions()).toBe(0);
    for (let i = 0; i < 50; i++) {
      const events = await readAll(
        await GET(request('cluster=cruddur&service=backend-flask&since=1h')),
      );
      expect(events).toEqual([
        [
          'end',
          JSON.stringify({
            retry: false,
            message:
              'AWS refused logs:FilterLogEvents: the credentials Berth runs with need this IAM permission.',
          }),
        ],
      ]);
    }
    const { calls } = await berth.stats();
    expect(calls['logs:StartLiveTail']).toBe(50);
    await eventually(
      'every live tail session to close',
      async () => (await liveTailSessions()) === 0,
    );
  });

  it('says a throttled backlog read may heal (retry), and still closes the session', async () => {
    await harness.admin('PUT', '/_sandbox/faults', {
      throttleRate: 1,
      operations: ['FilterLogEvents'],
    });
    const events = await readAll(
      await GET(request('cluster=cruddur&service=backend-flask&since=1h')),
    );
    expect(events.at(-1)?.[0]).toBe('end');
    expect(JSON.parse(events.at(-1)?.[1] ?? '{}')).toMatchObject({ retry: true });
    await eventually(
      'the live tail session to close',
      async () => (await liveTailSessions()) === 0,
    );
  });
});

describe('the backlog is bounded in bytes', () => {
  it('reads back at most 2 MiB of 8 KB lines, then says it truncated', async () => {
    const stream = 'backend-flask/backend-flask/big';
    await harness.logs.send(
      new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: stream }),
    );
    const run = `big-${Date.now()}`;
    const line = (i: number) => `${run} ${String(i).padStart(4, '0')} ${'x'.repeat(8000)}`;
    for (let batch = 0; batch < 6; batch++) {
      await harness.logs.send(
        new PutLogEventsCommand({
          logGroupName: 'cruddur',
          logStreamName: stream,
          logEvents: Array.from({ length: 100 }, (_, i) => ({
            timestamp: Date.now(),
            message: line(batch * 100 + i),
          })),
        }),
      );
    }
    const abort = new AbortController();
    const response = await GET(
      new Request(
        `http://127.0.0.1:3000/api/logs?cluster=cruddur&service=backend-flask&since=1h&containers=backend-flask&filter=${run}&mode=auto`,
        { signal: abort.signal },
      ),
    );
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    // Read until the last line the cap lets through, then a while longer: nothing more comes.
    const deadline = Date.now() + 10_000;
    let quietUntil = Number.POSITIVE_INFINITY;
    // One read in flight at a time: a read that lost the race to the timer is awaited next
    // round, not dropped with its chunk.
    let pending: Promise<ReadableStreamReadResult<string>> | undefined;
    while (Date.now() < Math.min(deadline, quietUntil)) {
      pending ??= reader.read();
      const chunk = await Promise.race([
        pending,
        new Promise<undefined>((resolve) => setTimeout(resolve, 200)),
      ]);
      if (!chunk) continue;
      pending = undefined;
      if (chunk.done) break;
      text += chunk.value;
      if (quietUntil === Number.POSITIVE_INFINITY && text.includes(`${run} 0261`))
        quietUntil = Date.now() + 1000;
    }
    abort.abort();
    await reader.cancel().catch(() => undefined);
    const lines = text.match(/^event: line$/gm) ?? [];
    // 2 MiB / 8,011-character messages: the 262nd line would pass the cap.
    expect(lines).toHaveLength(262);
    expect(text).not.toContain(`${run} 0262`);
    expect(text).toContain(
      'The time range holds more than Berth reads back at once (20,000 lines or 2 MiB)',
    );
  });
});
