/**
 * Live tail shared by many viewers (issue 15), against the sandbox over HTTP: one StartLiveTail
 * session per source whoever watches, the account's session quota, sessions that end, and a
 * viewer too slow to keep up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Route from '../../app/api/logs/route';
import type * as Hub from '../aws/tail-hub';
import { eventually } from '../../sandbox/tests/harness';
import { logStreamClient } from './log-stream-client';
import { configure, setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 20, liveTailQuota: 15 });
const { harness } = berth;
let GET: typeof Route.GET;
let hub: typeof Hub;

beforeAll(async () => {
  // Each viewer is its own client (the route allows 6 tails per client).
  process.env.BERTH_PEER_HEADER = '1';
  ({ GET } = await import('../../app/api/logs/route'));
  hub = await import('../aws/tail-hub');
});
const { collect, put } = logStreamClient(harness, () => GET);

const openSessions = async () =>
  (await harness.admin<{ liveTailSessions: number }>('GET', '/_sandbox/stats')).liveTailSessions;
const startLiveTailCalls = async () => (await berth.stats()).calls['logs:StartLiveTail'] ?? 0;
const until = (what: string, check: () => Promise<boolean>) =>
  eventually(what, async () => ((await check()) ? true : undefined));

describe('one upstream session per source', () => {
  it('50 viewers of one service: 1 StartLiveTail, and every viewer gets each new line', async () => {
    await berth.resetStats();
    const marker = `shared-${Date.now()}`;
    const query = `cluster=cruddur&service=backend-flask&since=1m&containers=backend-flask&filter=${marker}`;
    const viewers = Array.from({ length: 50 }, (_, i) =>
      collect(query, (lines) => lines.length >= 2, { ms: 15_000, peer: `10.0.0.${i + 1}` }),
    );
    await until('the shared session to open', async () => (await openSessions()) === 1);
    await put('backend-flask/backend-flask/shared', [`${marker} one`, `${marker} two`]);
    const seen = await Promise.all(viewers);
    for (const { lines, notices } of seen) {
      expect(lines.map((l) => l.message)).toEqual([`${marker} one`, `${marker} two`]);
      expect(notices).toEqual([]);
    }
    expect(await startLiveTailCalls()).toBe(1);
    // Each viewer read its own backlog; none opened a session of its own.
    expect((await berth.stats()).calls['logs:FilterLogEvents']).toBe(50);
    await until(
      'the session to close after the last viewer',
      async () => (await openSessions()) === 0,
    );
    expect(hub.openSessions()).toBe(0);
  });

  it('outlives its last viewer by BERTH_LIVE_TAIL_LINGER_SECONDS: a reload rejoins it', async () => {
    configure({ BERTH_LIVE_TAIL_LINGER_SECONDS: '2' });
    try {
      await berth.resetStats();
      const query = 'cluster=cruddur&service=frontend-react-js&since=1m';
      await collect(query, () => false, { ms: 1200 });
      expect(await openSessions()).toBe(1);
      // The same page again, within the linger: the same session.
      await collect(query, () => false, { ms: 500 });
      expect(await startLiveTailCalls()).toBe(1);
      expect(await openSessions()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await openSessions()).toBe(0);
      expect(hub.openSessions()).toBe(0);
    } finally {
      configure({ BERTH_LIVE_TAIL_LINGER_SECONDS: '0' });
    }
  });

  it('16 sources under a quota of 15: the 16th polls, says why, and still gets its lines', async () => {
    await berth.resetStats();
    const run = `quota-${Date.now()}`;
    const holders = Array.from({ length: 15 }, (_, i) =>
      collect(`cluster=cruddur&service=backend-flask&since=1m&filter=${run}-${i}`, () => false, {
        ms: 12_000,
        peer: `10.0.1.${i + 1}`,
      }),
    );
    await until('15 sessions', async () => (await openSessions()) === 15);
    setTimeout(() => void put('backend-flask/backend-flask/quota', [`${run}-16 polled`]), 3000);
    const sixteenth = await collect(
      `cluster=cruddur&service=backend-flask&since=1m&filter=${run}-16`,
      (lines) => lines.length > 0,
      { ms: 10_000 },
    );
    expect(sixteenth.notices).toEqual([
      'Live tail unavailable: every concurrent Live Tail session this AWS account may hold is in use (a CloudWatch Logs quota); polling every second instead.',
    ]);
    expect(sixteenth.lines.map((l) => l.message)).toEqual([`${run}-16 polled`]);
    expect(await openSessions()).toBe(15);
    await Promise.all(holders);
    await until('every session to close', async () => (await openSessions()) === 0);
  });
});

describe('one polling loop per source', () => {
  it('10 viewers polling one source: one FilterLogEvents a second between them', async () => {
    await berth.resetStats();
    const marker = `polled-${Date.now()}`;
    const query = `cluster=cruddur&service=backend-flask&since=1m&filter=${marker}&mode=poll`;
    const started = Date.now();
    setTimeout(() => void put('backend-flask/backend-flask/polled', [`${marker} one`]), 2000);
    const seen = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        collect(query, (lines) => lines.length > 0, { ms: 10_000, peer: `10.0.2.${i + 1}` }),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    for (const { lines } of seen) expect(lines.map((l) => l.message)).toEqual([`${marker} one`]);
    const reads = (await berth.stats()).calls['logs:FilterLogEvents'] ?? 0;
    // Ten backlogs, then one loop's polls (not ten loops' ones) while they waited.
    expect(reads - 10).toBeGreaterThanOrEqual(1);
    expect(reads - 10).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(hub.openSessions()).toBe(0);
  });
});

describe('a session that ends', () => {
  it('is restarted when AWS ends it (SessionTimeoutException at 3 hours), losing no line', async () => {
    await berth.resetStats();
    const marker = `restart-${Date.now()}`;
    setTimeout(() => void harness.admin('POST', '/_sandbox/live-tail/timeout'), 10_500);
    setTimeout(() => void put('backend-flask/backend-flask/restart', [`${marker} after`]), 12_000);
    const { lines, notices } = await collect(
      `cluster=cruddur&service=backend-flask&since=1m&filter=${marker}`,
      (found) => found.length > 0,
      { ms: 20_000 },
    );
    expect(notices).toEqual(['The live tail session ended; restarted.']);
    expect(lines.map((l) => l.message)).toEqual([`${marker} after`]);
    expect(await startLiveTailCalls()).toBe(2);
  }, 30_000);

  it('falls back to polling when a session ends as soon as it starts', async () => {
    await berth.resetStats();
    const marker = `ended-${Date.now()}`;
    const viewer = collect(
      `cluster=cruddur&service=backend-flask&since=1m&filter=${marker}`,
      (found) => found.length > 0,
      { ms: 10_000 },
    );
    await until('the session', async () => (await openSessions()) === 1);
    await harness.admin('DELETE', '/_sandbox/live-tail');
    setTimeout(() => void put('backend-flask/backend-flask/ended', [`${marker} polled`]), 1500);
    const { lines, notices } = await viewer;
    expect(notices).toEqual([
      'The live tail session ended as soon as it started; polling every second instead.',
    ]);
    expect(lines.map((l) => l.message)).toEqual([`${marker} polled`]);
    expect(await startLiveTailCalls()).toBe(1);
  });
});

describe('a viewer too slow to keep up', () => {
  it('is dropped once it is 4 MiB behind; the others and the session carry on', async () => {
    const source = {
      groups: ['cruddur'],
      streamPrefixes: ['backend-flask/backend-flask/'],
      filterPattern: `slow-${Date.now()}`,
    };
    const fast = new AbortController();
    const slow = new AbortController();
    const fastTail = hub.sharedTail('live', source, fast.signal);
    const slowTail = hub.sharedTail('live', source, slow.signal);
    // Both join; the fast one reads as lines come, the slow one reads nothing yet.
    const fastFirst = fastTail.next();
    const slowFirst = slowTail.next();
    await until('the session', async () => (await openSessions()) === 1);
    const line = (i: number) => `${source.filterPattern} ${i} ${'x'.repeat(8000)}`;
    await put(
      'backend-flask/backend-flask/slow',
      Array.from({ length: 100 }, (_, i) => line(i)),
    );
    await fastFirst;
    await slowFirst;
    let last = '';
    const reading = (async () => {
      for await (const batch of fastTail) {
        last = batch.lines.at(-1)?.message ?? last;
        if (last.startsWith(`${source.filterPattern} 899 `)) return;
      }
    })();
    // 100 lines of 8 KB a second (under the 500 a live tail update carries): the slow viewer
    // passes 4 MiB at the sixth second, and the fast one reads on to the eighth.
    for (let chunk = 1; chunk <= 8; chunk++) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await put(
        'backend-flask/backend-flask/slow',
        Array.from({ length: 100 }, (_, i) => line(chunk * 100 + i)),
      );
    }
    await reading;
    expect(last.startsWith(`${source.filterPattern} 899 `)).toBe(true);
    // The slow one's queue was over 4 MiB: dropped, told why.
    await expect(slowTail.next()).rejects.toThrow(
      'This viewer fell too far behind the live log tail and was disconnected.',
    );
    fast.abort();
    slow.abort();
    await until('the session to close', async () => (await openSessions()) === 0);
  });
});
