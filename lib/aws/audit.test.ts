/**
 * The audit trail against the sandbox: its lines signed and checked, a tampered or foreign line
 * not shown, an action's lines reduced to one, a busy trail's newest actions first, the /audit
 * filters, and a trail whose group or stream went missing.
 */
import { createHmac } from 'node:crypto';
import { hostname } from 'node:os';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Audit from './audit';
import type { AuditEntry } from './audit';
import type * as ReadCache from './read-cache';
import { configure, setupBerth } from '../tests/setup-berth';

const berth = setupBerth({ seed: 'empty', cacheTtlMs: 60_000 });
let audit: typeof Audit;
let invalidate: typeof ReadCache.invalidate;

beforeAll(async () => {
  audit = await import('./audit');
  ({ invalidate } = await import('./read-cache'));
});

afterEach(async () => {
  configure({ BERTH_AUDIT_LOG_GROUP: undefined, BERTH_AUDIT_KEY: undefined });
  await berth.harness.admin('DELETE', '/_sandbox/faults');
  invalidate('audit');
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KEY = 'k'.repeat(32);
/** Entries are dated from one moment, so the same entry is the same line each time. */
const NOW = Date.now();

/** A valid v4 UUID numbered n, so a list of entries reads as the numbers it holds. */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    v: 1,
    id: uuid(n),
    at: NOW - HOUR,
    caller: 'dev@example.com',
    action: 'redeploy',
    cluster: 'cruddur',
    service: 'backend-flask',
    input: { cluster: 'cruddur', service: 'backend-flask' },
    outcome: 'ok',
    message: 'Redeployed.',
    ...overrides,
  };
}

const numbers = (entries: AuditEntry[]) => entries.map((e) => Number(e.id.slice(-12)));

const ignoreExists = (error: unknown) => {
  if ((error as Error).name !== 'ResourceAlreadyExistsException') throw error;
};

/** Lines written straight to the sandbox, as another instance (or anyone with access) would. */
async function writeLines(group: string, stream: string, lines: [at: number, message: string][]) {
  const logs = berth.harness.logs;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(ignoreExists);
  await logs
    .send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }))
    .catch(ignoreExists);
  // One PutLogEvents per day of lines: a batch may not span more than 24 hours.
  const byDay = new Map<number, [number, string][]>();
  for (const line of lines) {
    const day = Math.floor(line[0] / DAY);
    byDay.set(day, [...(byDay.get(day) ?? []), line]);
  }
  for (const day of byDay.values()) {
    const logEvents = day
      .sort(([a], [b]) => a - b)
      .map(([timestamp, message]) => ({ timestamp, message }));
    await logs.send(
      new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }),
    );
  }
}

const writeEntries = (group: string, entries: AuditEntry[], stream = 'berth/other-instance') =>
  writeLines(
    group,
    stream,
    entries.map((e) => [e.at, audit.auditLine(e)]),
  );

async function filterCalls(read: () => Promise<unknown>) {
  await berth.resetStats();
  await read();
  return (await berth.stats()).calls['logs:FilterLogEvents'] ?? 0;
}

describe('auditLine and parseAuditLine', () => {
  it('without a key: the line is the entry as JSON, read back as it was', () => {
    const line = audit.auditLine(entry(1));
    expect(line).toBe(JSON.stringify(entry(1)));
    expect(audit.parseAuditLine(line)).toEqual(entry(1));
  });

  it('with a key: the line carries its HMAC, and reads back only whole and with that key', () => {
    const line = audit.auditLine(entry(2), KEY);
    const sig = createHmac('sha256', KEY)
      .update(JSON.stringify(entry(2)))
      .digest('base64url');
    expect(JSON.parse(line)).toEqual({ ...entry(2), sig });
    expect(audit.parseAuditLine(line, KEY)).toEqual(entry(2));

    expect(audit.parseAuditLine(line, 'x'.repeat(32))).toBeUndefined();
    expect(audit.parseAuditLine(JSON.stringify(entry(2)), KEY)).toBeUndefined();
    expect(audit.parseAuditLine(JSON.stringify({ v: 2, sig }), KEY)).toBeUndefined();
    const forged = { ...entry(2), caller: 'ops@example.com', sig };
    expect(audit.parseAuditLine(JSON.stringify(forged), KEY)).toBeUndefined();
    for (const bad of [42, sig.slice(1), `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`]) {
      expect(audit.parseAuditLine(JSON.stringify({ ...entry(2), sig: bad }), KEY)).toBeUndefined();
    }
  });

  it('signs with BERTH_AUDIT_KEY when no key is given', () => {
    configure({ BERTH_AUDIT_KEY: KEY });
    const line = audit.auditLine(entry(3));
    expect(audit.parseAuditLine(line)).toEqual(entry(3));
    expect(audit.parseAuditLine(JSON.stringify(entry(3)))).toBeUndefined();
  });

  it('keeps every optional field of one character', () => {
    const full = entry(4, {
      subject: 's',
      auth: 'oidc',
      role: 'r',
      address: 'a',
      userAgent: 'u',
      target: 't',
      region: 'r',
      deploymentId: 'd',
      requestId: 'q',
    });
    expect(audit.parseAuditLine(audit.auditLine(full))).toEqual(full);
  });

  it.each([
    ['an empty line', ''],
    ['plain text', 'Redeployed backend-flask'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"redeploy"'],
    ['an array', '[]'],
    ['a field Berth never writes', JSON.stringify({ ...entry(5), extra: 1 })],
    ['another version', JSON.stringify({ ...entry(5), v: 2 })],
    ['an action in capitals', JSON.stringify({ ...entry(5), action: 'Redeploy' })],
    ['an action with a digit', JSON.stringify({ ...entry(5), action: 'redeploy2' })],
    ['a role of 65 characters', JSON.stringify({ ...entry(5), role: 'r'.repeat(65) })],
    ['a subject of 256 characters', JSON.stringify({ ...entry(5), subject: 's'.repeat(256) })],
    ['a target of 33 characters', JSON.stringify({ ...entry(5), target: 't'.repeat(33) })],
    ['an unknown outcome', JSON.stringify({ ...entry(5), outcome: 'maybe' })],
  ])('is not an entry: %s', (_, line) => {
    expect(audit.parseAuditLine(line)).toBeUndefined();
  });
});

describe('latestPerAction', () => {
  const started = (n: number, at: number) =>
    entry(n, { at, outcome: 'started', message: 'Asked.' });
  const ok = (n: number, at: number) => entry(n, { at, outcome: 'ok' });
  const failed = (n: number, at: number) => entry(n, { at, outcome: 'error', message: 'No.' });

  it('keeps the outcome of an action, whichever line came first, newest action first', () => {
    expect(audit.latestPerAction([started(1, 10), ok(1, 20), ok(2, 40), started(2, 30)])).toEqual([
      ok(2, 40),
      ok(1, 20),
    ]);
  });

  it('keeps the first of two started lines and the first of two outcomes', () => {
    expect(audit.latestPerAction([started(1, 10), started(1, 11)])).toEqual([started(1, 10)]);
    expect(audit.latestPerAction([ok(1, 20), failed(1, 21)])).toEqual([ok(1, 20)]);
    expect(audit.latestPerAction([started(2, 5)])).toEqual([started(2, 5)]);
  });
});

describe('appendAudit', () => {
  const group = '/berth/audit';
  const stream = `berth/${new Date().toISOString().slice(0, 10)}/${hostname()}-${process.pid}`;
  const lines = async () => {
    const { events = [] } = await berth.harness.logs.send(
      new FilterLogEventsCommand({ logGroupName: group }),
    );
    return events.map((e) => [e.logStreamName, e.message]);
  };

  it("makes the group and this instance's stream once, then writes a line per entry", async () => {
    const first = entry(10, { at: Date.now() - 2 });
    const second = entry(11, { at: Date.now() - 1 });
    await berth.resetStats();
    await audit.appendAudit(first);
    await audit.appendAudit(second);
    const { calls, total } = await berth.stats();
    expect(calls).toEqual({
      'logs:CreateLogGroup': 1,
      'logs:CreateLogStream': 1,
      'logs:PutLogEvents': 2,
    });
    expect(total).toBe(4);
    expect((await lines()).slice(-2)).toEqual([
      [stream, audit.auditLine(first)],
      [stream, audit.auditLine(second)],
    ]);
  });

  it('makes a deleted group and stream again and writes the line', async () => {
    await berth.harness.logs.send(new DeleteLogGroupCommand({ logGroupName: group }));
    await berth.resetStats();
    await audit.appendAudit(entry(12));
    expect((await berth.stats()).calls).toEqual({
      'logs:CreateLogGroup': 1,
      'logs:CreateLogStream': 1,
      'logs:PutLogEvents': 2,
    });
    expect(await lines()).toEqual([[stream, audit.auditLine(entry(12))]]);
  });

  it('makes a deleted stream again, its group being there already', async () => {
    await berth.harness.logs.send(
      new DeleteLogStreamCommand({ logGroupName: group, logStreamName: stream }),
    );
    await audit.appendAudit(entry(13));
    expect(await lines()).toEqual([[stream, audit.auditLine(entry(13))]]);
  });

  it('throws a refusal to make the group, and tries again on the next entry', async () => {
    await berth.harness.logs.send(
      new DeleteLogStreamCommand({ logGroupName: group, logStreamName: stream }),
    );
    await berth.harness.admin('PUT', '/_sandbox/faults', { deny: ['logs:CreateLogGroup'] });
    await expect(audit.appendAudit(entry(14))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await berth.harness.admin('DELETE', '/_sandbox/faults');
    await audit.appendAudit(entry(15));
    expect(await lines()).toEqual([[stream, audit.auditLine(entry(15))]]);
  });

  it('throws a refused write at once, without making anything again', async () => {
    await berth.harness.admin('PUT', '/_sandbox/faults', { deny: ['logs:PutLogEvents'] });
    await berth.resetStats();
    await expect(audit.appendAudit(entry(16))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    expect((await berth.stats()).calls).toEqual({ 'logs:PutLogEvents': 1 });
  });

  it("shows the new line at once on the service's history, though reads are cached", async () => {
    const before = await audit.readAudit('cruddur', 'frontend-react-js');
    await audit.appendAudit(entry(17, { service: 'frontend-react-js' }));
    const after = await audit.readAudit('cruddur', 'frontend-react-js');
    expect(numbers(after.data)).toEqual([17, ...numbers(before.data)]);
  });
});

describe('readAudit and readRecentAudit', () => {
  const now = NOW;

  it('reads a missing group as no actions, and a refused read as a failure', async () => {
    configure({ BERTH_AUDIT_LOG_GROUP: '/berth/never-written' });
    // No trail yet is a whole answer, not one cut short: nothing is said to be missing.
    const none = await audit.readRecentAudit({});
    expect([none.data, 'partial' in none]).toEqual([[], false]);
    await berth.harness.admin('PUT', '/_sandbox/faults', { deny: ['logs:FilterLogEvents'] });
    await expect(audit.readAudit('cruddur', 'backend-flask')).rejects.toMatchObject({
      name: 'AwsCallError',
      failure: { kind: 'access-denied', action: 'logs:FilterLogEvents' },
    });
  });

  it("shows only Berth's own streams, and with a key only lines signed with it", async () => {
    const group = '/berth/audit-forged';
    configure({ BERTH_AUDIT_LOG_GROUP: group, BERTH_AUDIT_KEY: KEY });
    await writeEntries(group, [entry(20, { at: now - 3 * HOUR })]);
    await writeLines(group, 'elsewhere/x', [[now - 2 * HOUR, audit.auditLine(entry(21))]]);
    await writeLines(group, 'berth/unsigned', [[now - HOUR, JSON.stringify(entry(22))]]);
    expect(numbers((await audit.readRecentAudit({})).data)).toEqual([20]);
  });

  it('reads the last 7 days for /audit and the last 30 for a history', async () => {
    const group = '/berth/audit-days';
    configure({ BERTH_AUDIT_LOG_GROUP: group });
    await writeEntries(group, [
      entry(30, { at: now - 8 * DAY }),
      entry(31, { at: now - 6 * DAY }),
      entry(32, { at: now - HOUR }),
    ]);
    expect(numbers((await audit.readRecentAudit({})).data)).toEqual([32, 31]);
    expect(numbers((await audit.readAudit('cruddur', 'backend-flask')).data)).toEqual([32, 31, 30]);
  });

  it("narrows to one service's actions, in one call however many others there are", async () => {
    const group = '/berth/audit-service';
    configure({ BERTH_AUDIT_LOG_GROUP: group });
    const others = Array.from({ length: 500 }, (_, i) =>
      entry(1000 + i, { at: now - DAY + i, service: 'frontend-react-js' }),
    );
    await writeEntries(group, [
      ...others,
      entry(40, { at: now - 2 * HOUR }),
      entry(41, { at: now - HOUR, cluster: 'cruddur-staging' }),
      entry(42, { at: now - HOUR + 1 }),
    ]);
    expect(await filterCalls(() => audit.readAudit('cruddur', 'backend-flask'))).toBe(1);
    expect(numbers((await audit.readAudit('cruddur', 'backend-flask')).data)).toEqual([42, 40]);
  });

  describe('the /audit filters', () => {
    const group = '/berth/audit-filters';
    const written = [
      entry(50, { at: now - 5 * HOUR }),
      entry(51, { at: now - 4 * HOUR, caller: 'ops@example.com', action: 'scale' }),
      entry(52, { at: now - 3 * HOUR, cluster: 'cruddur-staging' }),
      entry(53, { at: now - 2 * HOUR, cluster: 'cruddur-staging', action: 'scale' }),
    ];
    const recent = async (filters: Parameters<typeof audit.readRecentAudit>[0]) =>
      numbers((await audit.readRecentAudit(filters)).data);

    beforeAll(async () => {
      configure({ BERTH_AUDIT_LOG_GROUP: group });
      await writeEntries(group, written);
      // Text that is not an entry, half an hour ago, and 500 actions of someone else, long ago.
      await writeLines(
        group,
        'berth/noise',
        Array.from({ length: 500 }, (_, i) => [now - 30 * 60_000 + i, `plain text ${i}`]),
      );
      await writeEntries(
        group,
        Array.from({ length: 500 }, (_, i) =>
          entry(2000 + i, {
            at: now - 5 * DAY + i * 60_000,
            caller: 'bot@example.com',
            cluster: 'batch',
            action: 'run-task',
          }),
        ),
      );
    });

    it.each([
      [{ caller: 'dev@example.com' }, [53, 52, 50]],
      [{ caller: 'ops@example.com' }, [51]],
      [{ cluster: 'cruddur-staging' }, [53, 52]],
      [{ action: 'scale' }, [53, 51]],
      [{ caller: 'dev@example.com', cluster: 'cruddur', action: 'redeploy' }, [50]],
      [{ caller: 'dev@example.com', action: 'scale' }, [53]],
    ] as const)('%j shows %j, in one call', async (filters, expected) => {
      configure({ BERTH_AUDIT_LOG_GROUP: group });
      expect(await filterCalls(() => audit.readRecentAudit(filters))).toBe(1);
      expect(await recent(filters)).toEqual(expected);
    });

    it('with no filter, shows the newest actions and skips text that is not an entry', async () => {
      configure({ BERTH_AUDIT_LOG_GROUP: group });
      const entries = (await audit.readRecentAudit({})).data;
      expect(entries.length).toBe(200);
      expect(numbers(entries.slice(0, 5))).toEqual([53, 52, 51, 50, 2499]);
      invalidate('audit');
      // 504 entries: more than a page, so the week is read newest first in windows (see
      // newest-first.ts): 7 days, then newer than its page, then older windows until 200
      // actions are in.
      expect(await filterCalls(() => audit.readRecentAudit({}))).toBe(5);
    });

    it('matches a value exactly: a wildcard or a blank that slipped past the schema finds no one', async () => {
      configure({ BERTH_AUDIT_LOG_GROUP: group });
      await audit.readRecentAudit({});
      expect(await recent({ caller: 'dev*' })).toEqual([]);
      expect(await recent({ cluster: 'cruddur*' })).toEqual([]);
      expect(await recent({ action: 're*' })).toEqual([]);
      expect(await recent({ caller: '' })).toEqual([]);
      expect(await recent({ cluster: '' })).toEqual([]);
      expect(await recent({ action: '' })).toEqual([]);
      expect(numbers((await audit.readAudit('cruddur*', 'backend*')).data)).toEqual([]);
      expect(numbers((await audit.readAudit('cruddur', 'backend*')).data)).toEqual([]);
      expect(numbers((await audit.readAudit('cruddur*', 'backend-flask')).data)).toEqual([]);
    });
  });

  it('stops reading at 200 actions', async () => {
    const group = '/berth/audit-200';
    configure({ BERTH_AUDIT_LOG_GROUP: group });
    // 200 actions in the last 10 s and 300 three days ago: the week's page (the 300 and 100 of
    // the newest) is cut after its last line; that holds the newest 100, the page's part the rest.
    await writeEntries(group, [
      ...Array.from({ length: 200 }, (_, i) => entry(i, { at: now - 1000 - i * 50 })),
      ...Array.from({ length: 300 }, (_, i) => entry(500 + i, { at: now - 3 * DAY - i })),
    ]);
    expect(await filterCalls(() => audit.readRecentAudit({}))).toBe(3);
    const read = await audit.readRecentAudit({});
    expect(numbers(read.data)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(read.partial).toBeUndefined();
  });

  it('says when a trail was too busy to read back to its older actions in one go', async () => {
    const group = '/berth/audit-partial';
    configure({ BERTH_AUDIT_LOG_GROUP: group });
    // 50 actions in the last hour, and 2000 in 20 s six days ago: more pages than one read takes.
    await writeEntries(group, [
      ...Array.from({ length: 50 }, (_, i) => entry(i, { at: now - 1000 - i * 60_000 })),
      ...Array.from({ length: 2000 }, (_, i) => entry(1000 + i, { at: now - 6 * DAY - i * 10 })),
    ]);
    const read = await audit.readRecentAudit({});
    expect(read.partial).toBe(true);
    expect(numbers(read.data)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('shows the newest 200 actions of a busy trail, not the oldest', async () => {
    const group = '/berth/audit-busy';
    configure({ BERTH_AUDIT_LOG_GROUP: group });
    // 450 actions a second apart, the newest a second ago: more than one page of 400.
    await writeEntries(
      group,
      Array.from({ length: 450 }, (_, i) => entry(i, { at: now - (i + 1) * 1000 })),
    );
    const entries = (await audit.readRecentAudit({})).data;
    expect(numbers(entries)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    invalidate('audit');
    // The week (cut after its page of 400), the newest 50 s, then the page's part.
    expect(await filterCalls(() => audit.readRecentAudit({}))).toBe(3);
  });

  it('shows the newest 200 actions of a burst an hour ago, after a quiet hour', async () => {
    const group = '/berth/audit-burst';
    configure({ BERTH_AUDIT_LOG_GROUP: group });
    // 840 actions in the 7 minutes before an hour ago (a script, an incident): two pages and more.
    await writeEntries(
      group,
      Array.from({ length: 840 }, (_, i) => entry(i, { at: now - HOUR - i * 500 })),
    );
    const entries = (await audit.readRecentAudit({})).data;
    // Narrowed by eighths alone, 12 windows found no action here: /audit said "No action matches".
    expect(numbers(entries)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    invalidate('audit');
    expect(await filterCalls(() => audit.readRecentAudit({}))).toBe(6);
  });
});
