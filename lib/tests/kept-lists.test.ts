/**
 * Kept lists (lib/aws/kept-lists.ts) on a small world: a cluster of 101 idle services (two
 * ListServices pages) and one of 3 (one page). A refresh describes the kept ARNs and lists
 * again behind the page; a one-page list, an expired one and BERTH_LIST_REUSE_SECONDS=0 are
 * listed with the page.
 */
import { CreateClusterCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Ecs from '../aws/ecs';
import type * as KeptLists from '../aws/kept-lists';
import type * as ReadCache from '../aws/read-cache';
import type * as CacheKeys from '../aws/cache-keys';
import { addIdleService as addService, configure, setupBerth } from './setup-berth';

const TTL = 200;
const berth = setupBerth({ seed: 'empty', speed: 20, cacheTtlMs: TTL });
const { harness } = berth;
let listServices: typeof Ecs.listServices;
let listTasks: typeof Ecs.listTasks;
let listingsSettled: typeof KeptLists.listingsSettled;
let describeKeptList: typeof KeptLists.describeKeptList;
let KEYS: typeof CacheKeys.KEYS;
let invalidate: typeof ReadCache.invalidate;
let clusterScope: typeof CacheKeys.clusterScope;

const expire = () => new Promise((resolve) => setTimeout(resolve, TTL + 50));
const addIdleService = (cluster: string, serviceName: string) =>
  addService(harness, cluster, serviceName, 'idle');
const names = async (cluster: string) => (await listServices(cluster)).data.map((s) => s.name);
/** As the cluster's pages read its services: with its live tasks (readClusterStates). */
const withLiveTasks = (cluster: string) => listServices(cluster, listTasks(cluster));

beforeAll(async () => {
  await harness.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'idle',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', essential: true }],
    }),
  );
  for (const cluster of ['kept', 'kept-too', 'small']) {
    await harness.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  }
  for (let i = 0; i < 101; i++) await addIdleService('kept', `svc-${String(i).padStart(3, '0')}`);
  for (let i = 0; i < 3; i++) await addIdleService('small', `svc-${i}`);
  for (let i = 0; i < 102; i++) await addIdleService('kept-too', `other-${i}`);
  ({ listServices, listTasks } = await import('../aws/ecs'));
  ({ listingsSettled, describeKeptList } = await import('../aws/kept-lists'));
  ({ invalidate } = await import('../aws/read-cache'));
  ({ clusterScope, KEYS } = await import('../aws/cache-keys'));
});

afterEach(async () => {
  await listingsSettled();
  await harness.admin('DELETE', '/_sandbox/faults');
  configure({ BERTH_LIST_REUSE_SECONDS: undefined });
});

describe('kept lists', () => {
  it('lists with the page the first time, then describes the kept list and lists behind it', async () => {
    await berth.resetStats();
    const asked = Date.now();
    const first = await withLiveTasks('kept');
    expect(first.data).toHaveLength(101);
    expect(first.fetchedAt).toBeGreaterThanOrEqual(asked);
    await listingsSettled();
    expect((await berth.stats()).calls).toEqual({
      'ecs:ListServices': 2,
      'ecs:DescribeServices': 11,
      'ecs:ListTasks': 1,
    });

    await expire();
    await berth.resetStats();
    const again = await withLiveTasks('kept');
    // The kept list: as old as the first listing, described anew.
    expect(again.data).toHaveLength(101);
    expect(again.fetchedAt).toBe(first.fetchedAt);
    await listingsSettled();
    // Every service again (the first read noted no signatures), after the cluster's live
    // tasks (none: one ListTasks), which say what moved from now on (lib/aws/redescribe.ts).
    expect((await berth.stats()).calls).toEqual({
      'ecs:ListServices': 2,
      'ecs:DescribeServices': 11,
      'ecs:ListTasks': 1,
    });
    await expire();
    await berth.resetStats();
    // ...and the next refresh describes what the background listing found, as old as its
    // oldest description: the second read's.
    const third = await withLiveTasks('kept');
    expect(third.fetchedAt).toBeGreaterThan(first.fetchedAt);
    await listingsSettled();
    // Nothing moved: a turn of 101 × ~0.3 s / 30 s → 2, filled to one batch.
    expect((await berth.stats()).calls).toEqual({
      'ecs:ListServices': 2,
      'ecs:DescribeServices': 1,
      'ecs:ListTasks': 1,
    });
  });

  it('describes every service again when the live tasks cannot be read', async () => {
    for (let i = 0; i < 2; i++) {
      await expire();
      await withLiveTasks('kept');
      await listingsSettled();
    }
    await expire();
    await harness.admin('PUT', '/_sandbox/faults', { deny: ['ecs:ListTasks'] });
    await berth.resetStats();
    expect((await withLiveTasks('kept')).data).toHaveLength(101);
    await listingsSettled();
    // Nothing says what moved: all 101, as without kept descriptions.
    expect((await berth.stats()).calls['ecs:DescribeServices']).toBe(11);
  });

  it('reads no tasks for a reader without them (the guard, the repository page): all described', async () => {
    for (let i = 0; i < 2; i++) {
      await expire();
      await withLiveTasks('kept');
      await listingsSettled();
    }
    await expire();
    await berth.resetStats();
    expect((await listServices('kept')).data).toHaveLength(101);
    await listingsSettled();
    expect((await berth.stats()).calls).toEqual({
      'ecs:ListServices': 2,
      'ecs:DescribeServices': 11,
    });
    // The signatures noted before stay: the cluster page's next refresh reuses again.
    await expire();
    await berth.resetStats();
    await withLiveTasks('kept');
    await listingsSettled();
    expect((await berth.stats()).calls['ecs:DescribeServices']).toBe(1);
  });

  it('does not wait for the listing: a refused one leaves the page its kept list', async () => {
    await listServices('kept');
    await listingsSettled();
    await expire();
    await harness.admin('PUT', '/_sandbox/faults', { deny: ['ecs:ListServices'] });
    const read = await listServices('kept');
    expect(read.data).toHaveLength(101);
    expect(read.stale).toBeUndefined();
    await listingsSettled();
    await expire();
    // The failed listing kept nothing new and dropped nothing: still the same list.
    expect((await listServices('kept')).data).toHaveLength(101);
  });

  it('reads a one-page list with its page', async () => {
    await listServices('small');
    await addIdleService('small', 'svc-new');
    await expire();
    expect(await names('small')).toEqual(['svc-0', 'svc-1', 'svc-2', 'svc-new']);
  });

  it('waits for a fresh list once the kept one is older than BERTH_LIST_REUSE_SECONDS', async () => {
    configure({ BERTH_LIST_REUSE_SECONDS: '1' });
    await listServices('kept');
    await listingsSettled();
    await addIdleService('kept', 'svc-late');
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect(await names('kept')).toContain('svc-late');
  });

  it('never reuses a list with BERTH_LIST_REUSE_SECONDS=0', async () => {
    configure({ BERTH_LIST_REUSE_SECONDS: '0' });
    await listServices('kept');
    await listingsSettled();
    await addIdleService('kept', 'svc-later');
    await expire();
    expect(await names('kept')).toContain('svc-later');
  });

  it('keeps each list apart', async () => {
    await listServices('kept');
    await listServices('kept-too');
    await listingsSettled();
    await expire();
    const [kept, keptToo] = await Promise.all([listServices('kept'), listServices('kept-too')]);
    expect(keptToo.data).toHaveLength(102);
    expect(keptToo.data[0]?.name).toBe('other-0');
    expect(kept.data[0]?.name).toBe('svc-000');
  });

  it('lists afresh after a change Berth made to the cluster, and only that cluster', async () => {
    await listServices('kept');
    await listServices('kept-too');
    await listingsSettled();
    await addIdleService('kept', 'svc-changed');
    await addIdleService('kept-too', 'other-changed');
    invalidate(...clusterScope('kept'));
    expect(await names('kept')).toContain('svc-changed');
    await expire();
    // Not touched by the change: its kept list (without the new service) is described.
    expect(await names('kept-too')).not.toContain('other-changed');
  });
});

/**
 * The background listing's guards, on a list of Berth's own making: each listing is a run of
 * two pages of ARNs, and one can be held open to stage what happens while it is under way.
 */
describe('kept lists: listings behind the page', () => {
  const key = () => KEYS.services('race');
  let listings = 0;
  let held: Promise<void> | undefined;
  let release = () => {};
  /** The next listing waits at its second page until release(). */
  const hold = () => {
    held = new Promise((resolve) => (release = resolve));
  };
  const listing = (arns: string[]) => () =>
    (async function* () {
      listings++;
      yield arns.slice(0, 1);
      const gate = held;
      held = undefined;
      await gate;
      yield arns.slice(1);
    })();
  const read = async (arns: string[]) =>
    (await describeKeptList(key(), listing(arns), 10, (batch) => Promise.resolve(batch))).items;

  afterEach(() => {
    release();
    invalidate(...clusterScope('race'));
  });

  it('runs one listing per list however many readers come while it is under way', async () => {
    listings = 0;
    await read(['a', 'b']);
    hold();
    expect(await read(['a', 'b'])).toEqual(['a', 'b']);
    expect(await read(['a', 'b'])).toEqual(['a', 'b']);
    // The first read's listing, and one behind the page, however many read.
    expect(listings).toBe(2);
    release();
    await listingsSettled();
  });

  it('does not keep what a listing found when Berth forgot the list meanwhile', async () => {
    await read(['old-1', 'old-2']);
    hold();
    await read(['old-1', 'old-2']);
    // A change Berth made: the list is forgotten while the old listing is still under way.
    invalidate(...clusterScope('race'));
    release();
    await listingsSettled();
    expect(await read(['new-1', 'new-2'])).toEqual(['new-1', 'new-2']);
  });

  it('does not replace a newer list with an older listing that finished later', async () => {
    await read(['old-1', 'old-2']);
    hold();
    await read(['old-1', 'old-2']);
    invalidate(...clusterScope('race'));
    // Listed afresh (and kept) while the old listing waits.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await read(['new-1', 'new-2'])).toEqual(['new-1', 'new-2']);
    release();
    await listingsSettled();
    expect(await read(['other-1', 'other-2'])).toEqual(['new-1', 'new-2']);
  });
});
