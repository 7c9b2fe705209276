/**
 * Reading log lines against the sandbox: a stopped task's last lines, and a range of a source
 * (groups and stream prefixes) bounded in lines, bytes and pages, oldest first.
 */
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Logs from './logs';
import { setupBerth } from '../tests/setup-berth';

const berth = setupBerth({ seed: 'empty' });
let logs: typeof Logs;
const T0 = Date.now() - 3_600_000;

async function write(group: string, stream: string, lines: [at: number, message: string][]) {
  const client = berth.harness.logs;
  await client.send(new CreateLogGroupCommand({ logGroupName: group })).catch(() => undefined);
  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  await client.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: stream,
      logEvents: lines.map(([timestamp, message]) => ({ timestamp, message })),
    }),
  );
}

const messages = (lines: { message: string }[]) => lines.map((line) => line.message);

beforeAll(async () => {
  logs = await import('./logs');
  await write(
    '/app/one',
    'web/1',
    Array.from({ length: 50 }, (_, i) => [T0 + i * 10, `web ${i}`]),
  );
  await write(
    '/app/one',
    'worker/1',
    Array.from({ length: 50 }, (_, i) => [T0 + i * 10 + 5, `worker ${i}`]),
  );
  await write(
    '/app/two',
    'worker/2',
    Array.from({ length: 60 }, (_, i) => [T0 + i, `other ${i}`]),
  );
  await write('/app/two', 'web/2', [[T0 + 1000, 'web two']]);
});

describe('lastLines', () => {
  it('reads the newest lines before the end time, oldest first', async () => {
    // GetLogEvents' endTime is exclusive: "web 30", written at T0 + 300, is after the end.
    const lines = await logs.lastLines('/app/one', 'web/1', T0 + 300, 5);
    expect(messages(lines ?? [])).toEqual(['web 25', 'web 26', 'web 27', 'web 28', 'web 29']);
    expect(lines?.[0]).toMatchObject({ group: '/app/one', stream: 'web/1', timestamp: T0 + 250 });
    expect((await logs.lastLines('/app/one', 'web/1', T0 + 10_000))?.length).toBe(30);
  });

  it('says null for a stream that never was', async () => {
    expect(await logs.lastLines('/app/one', 'web/never', T0 + 300)).toBeNull();
  });
});

describe('readRange', () => {
  const one = { groups: ['/app/one'], streamPrefixes: ['web/'] };

  it('reads one prefix of one group, oldest first, up to the limit exactly', async () => {
    const all = await logs.readRange(one, T0, 50);
    expect(all.more).toBe(false);
    expect(messages(all.lines)).toEqual(Array.from({ length: 50 }, (_, i) => `web ${i}`));
    const some = await logs.readRange(one, T0, 3);
    expect(some).toMatchObject({ more: true });
    expect(messages(some.lines)).toEqual(['web 0', 'web 1', 'web 2']);
  });

  it('stops at the byte bound, and says so', async () => {
    // "web 0" … "web 9" are 5 bytes each: the fourth line would pass 15.
    const bounded = await logs.readRange(one, T0, 50, undefined, 15);
    expect(messages(bounded.lines)).toEqual(['web 0', 'web 1', 'web 2']);
    expect(bounded.more).toBe(true);
  });

  it('merges several groups by time and keeps only the prefixes asked for', async () => {
    // Read group by group: the later group's lines come first and must be sorted in.
    const both = { groups: ['/app/two', '/app/one'], streamPrefixes: ['web/'] };
    const read = await logs.readRange(both, T0 + 480, 100);
    expect(messages(read.lines)).toEqual(['web 48', 'web 49', 'web two']);
  });

  it('reads at most 10 pages of a group before giving up on it', async () => {
    const filtered = { groups: ['/app/two', '/app/one'], streamPrefixes: ['web/'] };
    await berth.resetStats();
    // Pages of 4 lines of worker/2 (not web/): ten pages, 40 lines, then the next group, whose
    // pages hold two web/ lines each: two pages make the 4.
    const read = await logs.readRange(filtered, T0, 4);
    expect((await berth.stats()).calls).toEqual({ 'logs:FilterLogEvents': 12 });
    expect(messages(read.lines)).toEqual(['web 0', 'web 1', 'web 2', 'web 3']);
  });
});
