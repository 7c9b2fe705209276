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

  it("reads a stopped task's last lines once for five minutes, past the read cache's TTL", async () => {
    await berth.resetStats();
    await logs.lastLines('/app/one', 'web/1', T0 + 200, 3);
    // The sandbox suites' read cache keeps things 300 ms; a stopped task's words stay 5 min.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const again = await logs.lastLines('/app/one', 'web/1', T0 + 200, 3);
    expect(messages(again ?? [])).toEqual(['web 17', 'web 18', 'web 19']);
    expect((await berth.stats()).calls).toEqual({ 'logs:GetLogEvents': 1 });
  });

  it('names the read AWS kept refusing, rather than saying the stream is missing', async () => {
    await berth.harness.withFaults(
      {
        throttleRate: 1,
        operations: ['logs:GetLogEvents'],
      },
      async () => {
        await expect(logs.lastLines('/app/one', 'web/1', T0 + 100)).rejects.toMatchObject({
          name: 'AwsCallError',
          message:
            'AWS is throttling logs:GetLogEvents and retries did not get through. Try again in a moment.',
        });
      },
    );
  });
});

describe('lineId', () => {
  it('is the timestamp and a hash of every character of the stream, ingestion time and text', () => {
    const line = { group: 'g', stream: 's', timestamp: 5, ingestionTime: 6, message: 'hello' };
    // FNV-1a (32-bit, base 36) of "s\n6\nhello", computed apart from this code (in Python).
    expect(logs.lineId(line)).toBe('5-xrbl5k');
    expect(logs.lineId({ ...line, message: 'hellp' })).not.toBe(logs.lineId(line));
  });
});

describe('getLogGroup', () => {
  it('finds a group by its exact name among many, and not by a prefix of it', async () => {
    for (let i = 0; i < 51; i++) {
      await berth.harness.logs.send(new CreateLogGroupCommand({ logGroupName: `/many/${i}` }));
    }
    await berth.harness.logs.send(new CreateLogGroupCommand({ logGroupName: '/z/last' }));
    await berth.resetStats();
    expect(await logs.getLogGroup('/z/last')).toEqual({
      name: '/z/last',
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/z/last',
      retentionInDays: undefined,
      storedBytes: 0,
    });
    // "/z/las" is a prefix of a group, not a group.
    expect(await logs.getLogGroup('/z/las')).toBeNull();
    expect((await berth.stats()).calls).toEqual({ 'logs:DescribeLogGroups': 2 });
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

  it('asks AWS for the one prefix of one group: one page holds the lines', async () => {
    await berth.resetStats();
    // web/1 and worker/1 interleave: read by prefix, the first page is three web/ lines.
    const read = await logs.readRange(one, T0, 3);
    expect(messages(read.lines)).toEqual(['web 0', 'web 1', 'web 2']);
    expect((await berth.stats()).calls).toEqual({ 'logs:FilterLogEvents': 1 });
  });

  it('reads no further group once the limit is reached', async () => {
    await berth.resetStats();
    const read = await logs.readRange(
      { groups: ['/app/one', '/app/two'], streamPrefixes: [] },
      T0,
      5,
    );
    expect(read.more).toBe(true);
    expect(read.lines.map((line) => line.group)).toEqual(Array(5).fill('/app/one'));
    expect((await berth.stats()).calls).toEqual({ 'logs:FilterLogEvents': 1 });
  });

  it('stops when the reader goes', async () => {
    await expect(logs.readRange(one, T0, 5, AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('orders lines of one millisecond by when AWS took them in, whatever group they came from', async () => {
    const at = T0 + 7_777;
    await write('/order/a', 's', [[at, 'taken in first']]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await write('/order/b', 's', [[at, 'taken in second']]);
    const read = await logs.readRange(
      { groups: ['/order/b', '/order/a'], streamPrefixes: [] },
      T0,
      10,
    );
    expect(messages(read.lines)).toEqual(['taken in first', 'taken in second']);
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

/** Adds lines to a stream that exists (write() makes the stream). */
async function put(group: string, stream: string, lines: [at: number, message: string][]) {
  await berth.harness.logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: stream,
      logEvents: lines.map(([timestamp, message]) => ({ timestamp, message })),
    }),
  );
}

/**
 * Runs a tail until `onBatch` says it has enough (or 6 s pass), then ends it. `onBatch` sees the
 * batches so far, so a test can write its lines once the session is known to be listening.
 */
async function run(
  tail: (signal: AbortSignal) => AsyncGenerator<Logs.TailBatch>,
  onBatch: (batches: Logs.TailBatch[]) => Promise<boolean>,
): Promise<Logs.TailBatch[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 6000);
  const batches: Logs.TailBatch[] = [];
  try {
    for await (const batch of tail(abort.signal)) {
      batches.push(batch);
      if (await onBatch(batches)) break;
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return batches;
}

const allLines = (batches: Logs.TailBatch[]) => batches.flatMap((batch) => batch.lines);

describe('liveTail', () => {
  beforeAll(async () => {
    const now = Date.now();
    await write('/live/a', 'web/1', [[now, 'a web start']]);
    await write('/live/a', 'worker/1', [[now, 'a worker start']]);
    await write('/live/b', 'web/2', [[now, 'b web start']]);
  });

  it('tails several groups, keeps the prefixes itself and names each line by its group', async () => {
    // AWS refuses stream prefixes with more than one group, so they are applied here.
    await berth.resetStats();
    const source = { groups: ['/live/a', '/live/b'], streamPrefixes: ['web/'] };
    const batches = await run(
      (signal) => logs.liveTail(source, signal),
      async (sofar) => {
        if (sofar.length === 1) {
          const now = Date.now();
          await put('/live/a', 'worker/1', [[now, 'a worker 1']]);
          await put('/live/a', 'web/1', [[now, 'a web 1']]);
          await put('/live/b', 'web/2', [[now + 1, 'b web 1']]);
        }
        return allLines(sofar).length >= 2 && sofar.length >= 3;
      },
    );
    expect(allLines(batches).map((line) => [line.group, line.stream, line.message])).toEqual([
      ['/live/a', 'web/1', 'a web 1'],
      ['/live/b', 'web/2', 'b web 1'],
    ]);
    expect(batches.every((batch) => batch.sampled === false)).toBe(true);
    const [{ id, ...line }] = allLines(batches) as [Logs.LogLine];
    // The same id the backlog gives the line, so a viewer's reconnect de-duplicates.
    expect(id).toBe(logs.lineId(line));
    // One DescribeLogGroups per group for its ARN, one session.
    expect((await berth.stats()).calls).toEqual({
      'logs:DescribeLogGroups': 2,
      'logs:StartLiveTail': 1,
      'logs:PutLogEvents': 3,
    });
  });

  it('with several groups, keeps every stream without prefixes and any of several prefixes', async () => {
    for (const streamPrefixes of [[], ['web/', 'worker/']]) {
      const source = { groups: ['/live/a', '/live/b'], streamPrefixes };
      const batches = await run(
        (signal) => logs.liveTail(source, signal),
        async (sofar) => {
          if (sofar.length === 1) {
            const now = Date.now();
            await put('/live/a', 'worker/1', [[now, 'a worker 2']]);
            await put('/live/b', 'web/2', [[now + 1, 'b web 2']]);
          }
          return allLines(sofar).length >= 2;
        },
      );
      expect(messages(allLines(batches))).toEqual(['a worker 2', 'b web 2']);
    }
  });

  it('asks AWS for the prefixes and the filter pattern when there is one group', async () => {
    const source = { groups: ['/live/a'], streamPrefixes: ['web/'], filterPattern: 'keep' };
    const batches = await run(
      (signal) => logs.liveTail(source, signal),
      async (sofar) => {
        if (sofar.length === 1) {
          const now = Date.now();
          await put('/live/a', 'worker/1', [[now, 'worker keep']]);
          await put('/live/a', 'web/1', [
            [now, 'web drop'],
            [now + 1, 'web keep'],
          ]);
        }
        return sofar.length >= 3;
      },
    );
    expect(allLines(batches).map((line) => [line.group, line.message])).toEqual([
      ['/live/a', 'web keep'],
    ]);
  });

  it('says when AWS sent a sample of more lines than it delivered', async () => {
    const source = { groups: ['/live/b'], streamPrefixes: [] };
    const batches = await run(
      (signal) => logs.liveTail(source, signal),
      async (sofar) => {
        if (sofar.length === 1) {
          const now = Date.now();
          await put(
            '/live/b',
            'web/2',
            Array.from({ length: 600 }, (_, i) => [now + i, `burst ${i}`]),
          );
        }
        return sofar.some((batch) => batch.lines.length > 0);
      },
    );
    const burst = batches.find((batch) => batch.lines.length > 0);
    expect(burst?.sampled).toBe(true);
    expect(burst?.lines.length).toBe(500);
  });

  it('names a missing group and starts no session', async () => {
    await berth.resetStats();
    const tail = logs.liveTail({ groups: ['/live/none'], streamPrefixes: [] }, AbortSignal.abort());
    await expect(tail.next()).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Log group /live/none does not exist.',
    });
    expect((await berth.stats()).calls['logs:StartLiveTail']).toBeUndefined();
  });
});

describe('pollTail', () => {
  const source = { groups: ['/poll/a'], streamPrefixes: [] };
  const AT = Date.now() - 60_000;

  beforeAll(async () => {
    await write('/poll/a', 'web/1', [
      [AT, 'one'],
      [AT, 'two'],
    ]);
  });

  it('delivers each line once, lines sharing the cursor millisecond included', async () => {
    // Each poll starts at the last line's millisecond, so it reads that line again: only new
    // ids pass, including one written later at the same millisecond.
    const writes: [number, string][] = [
      [AT, 'three'],
      [AT + 5, 'four'],
      [AT + 5, 'five'],
    ];
    const batches = await run(
      (signal) => logs.pollTail(source, AT, signal, 20),
      async (sofar) => {
        const next = writes[sofar.length - 1];
        if (next) await put('/poll/a', 'web/1', [next]);
        return sofar.length === 4;
      },
    );
    expect(batches.map((batch) => messages(batch.lines))).toEqual([
      ['one', 'two'],
      ['three'],
      ['four'],
      ['five'],
    ]);
    expect(batches.every((batch) => batch.sampled === false)).toBe(true);
  });

  it('yields nothing while nothing new is written', async () => {
    const abort = new AbortController();
    const tail = logs.pollTail(source, AT, abort.signal, 20);
    expect((await tail.next()).done).toBe(false);
    // About 10 polls that find only lines already delivered.
    const next = tail.next();
    const quiet = await Promise.race([
      next.then(() => 'a batch'),
      new Promise((resolve) => setTimeout(() => resolve('nothing'), 200)),
    ]);
    abort.abort();
    expect(quiet).toBe('nothing');
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('ends at once when stopped while waiting for its next poll', async () => {
    const abort = new AbortController();
    const tail = logs.pollTail(source, AT, abort.signal, 3_600_000);
    const first = await tail.next();
    expect(messages(first.done ? [] : first.value.lines)).toEqual([
      'one',
      'two',
      'three',
      'four',
      'five',
    ]);
    const next = tail.next();
    abort.abort();
    // Within the test's timeout, not after an hour's wait.
    expect(await next).toEqual({ done: true, value: undefined });
  });
});
