/**
 * The log tail route against the sandbox, both server paths (StartLiveTail and FilterLogEvents
 * polling), and a reconnect in the middle of a 5,000-line burst: none lost, none repeated.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Route from '../../app/api/logs/route';
import { logStreamClient } from './log-stream-client';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 20 });
const { harness } = berth;
let GET: typeof Route.GET;

beforeAll(async () => {
  ({ GET } = await import('../../app/api/logs/route'));
});
const { collect, put } = logStreamClient(harness, () => GET);

describe.each(['auto', 'poll'] as const)('the %s path', (mode) => {
  it('delivers a line written after the tail started', async () => {
    const marker = `marker-${mode}-${Date.now()}`;
    setTimeout(() => void put('backend-flask/backend-flask/manual', [marker]), 800);
    await berth.resetStats();
    const { lines, notices } = await collect(
      `cluster=cruddur&service=backend-flask&since=1m&mode=${mode}`,
      (found) => found.some((l) => l.message === marker),
    );
    expect(lines.find((l) => l.message === marker)).toMatchObject({ container: 'backend-flask' });
    // Each path is the one asked for: live tail (no fallback) or FilterLogEvents alone.
    const { calls } = await berth.stats();
    expect(notices).toEqual([]);
    expect(calls['logs:StartLiveTail'] ?? 0).toBe(mode === 'auto' ? 1 : 0);
    if (mode === 'poll') expect(calls['logs:FilterLogEvents']).toBeGreaterThan(1);
  });

  it('keeps only the chosen containers and applies the filter server-side', async () => {
    const { lines } = await collect(
      `cluster=cruddur&service=backend-flask&since=5m&containers=backend-flask&filter=health-check&mode=${mode}`,
      (found) => found.length >= 5,
    );
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(
      lines.every((l) => l.container === 'backend-flask' && l.message.includes('health-check')),
    ).toBe(true);
  });
});

describe('the live path alone', () => {
  it('delivers only lines that match the filter, from the chosen containers, with no backlog', async () => {
    const marker = `live-only-${Date.now()}`;
    setTimeout(() => {
      void (async () => {
        await put('backend-flask/backend-flask/live', [`${marker} one`, 'no marker here']);
        await put('backend-flask/xray/live', [`${marker} from xray`]);
        await put('backend-flask/backend-flask/live', [`${marker} two`, `${marker} three`]);
      })();
    }, 800);
    await berth.resetStats();
    const { lines, notices } = await collect(
      `cluster=cruddur&service=backend-flask&since=1m&containers=backend-flask&filter=${marker}&mode=auto`,
      // Listen for 4 s whatever arrives, so a wrong line would be caught too.
      () => false,
      { ms: 4000 },
    );
    expect(lines.map((l) => [l.container, l.message])).toEqual([
      ['backend-flask', `${marker} one`],
      ['backend-flask', `${marker} two`],
      ['backend-flask', `${marker} three`],
    ]);
    expect(notices).toEqual([]);
    const { calls } = await berth.stats();
    // One backlog read that found nothing; every line came from the live tail.
    expect(calls['logs:StartLiveTail']).toBe(1);
    expect(calls['logs:FilterLogEvents']).toBe(1);
  });
});

describe('closing the tab', () => {
  it('stops the upstream live tail session', async () => {
    const listeners = () => harness.sandbox.world().logs.listeners.size;
    const before = listeners();
    await collect(
      'cluster=cruddur&service=backend-flask&since=1m&mode=auto',
      (found) => found.length > 0,
    );
    // The abort reaches the SDK, which closes the HTTP/1.1 event stream; the sandbox ends the session.
    for (let i = 0; i < 30 && listeners() > before; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(listeners()).toBe(before);
  });
});

describe('reconnecting', () => {
  it.each(['auto', 'poll'])(
    'loses no line and repeats none when the connection drops in the middle of a 5,000-line burst (%s)',
    async (mode) => {
      const run = `burst-${mode}-${Date.now()}`;
      await put(
        'backend-flask/backend-flask/burst',
        Array.from({ length: 5000 }, (_, i) => `${run} ${String(i).padStart(4, '0')}`),
      );
      const query = `cluster=cruddur&service=backend-flask&since=5m&containers=backend-flask&filter=${run}&mode=${mode}`;
      const first = await collect(query, (found) => found.length >= 1800);
      expect(first.lines.length).toBeGreaterThanOrEqual(1800);
      expect(first.lines.length).toBeLessThan(5000);
      const last = first.lines.at(-1)?.id;
      const second = await collect(query, (found) => first.lines.length + found.length >= 5000, {
        lastEventId: last,
        ms: 15_000,
      });
      const all = [...first.lines, ...second.lines].map((l) => l.message);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(5000);
      expect(all).toEqual(
        Array.from({ length: 5000 }, (_, i) => `${run} ${String(i).padStart(4, '0')}`),
      );
    },
  );

  it('refuses a bad query with a message', async () => {
    const response = await GET(
      new Request(
        'http://berth.test/api/logs?cluster=cruddur&service=backend-flask&since=yesterday',
      ),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'since is a duration like 5m, 1h, 1d or an ISO time like 2026-12-02T10:00.',
    });
  });
});
