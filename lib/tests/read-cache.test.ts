/**
 * The shared read cache against the sandbox: a read within BERTH_CACHE_TTL_MS costs no AWS call,
 * one past it costs exactly the read's budget again, and identical reads in flight are one call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Ecs from '../aws/ecs';
import type * as EcsChanges from '../aws/ecs-changes';
import type * as ReadCache from '../aws/read-cache';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 20, cacheTtlMs: 1500 });
let ecs: typeof Ecs;
let changes: typeof EcsChanges;
let readThrough: typeof ReadCache.readThrough;

beforeAll(async () => {
  ecs = await import('../aws/ecs');
  changes = await import('../aws/ecs-changes');
  ({ readThrough } = await import('../aws/read-cache'));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the read cache', () => {
  it('costs nothing within the TTL and the budget again past it', async () => {
    await sleep(1600);
    await berth.resetStats();
    await ecs.listClusters();
    const budget = { 'ecs:DescribeClusters': 1, 'ecs:ListClusters': 1 };
    expect((await berth.stats()).calls).toEqual(budget);

    await berth.resetStats();
    await ecs.listClusters();
    await sleep(100);
    await ecs.listClusters();
    expect((await berth.stats()).calls).toEqual({});

    await sleep(1600);
    await ecs.listClusters();
    expect((await berth.stats()).calls).toEqual(budget);
  });

  it('coalesces identical reads in flight into one call', async () => {
    await sleep(1600);
    await berth.resetStats();
    const reads = await Promise.all(Array.from({ length: 10 }, () => ecs.listClusters()));
    expect(new Set(reads.map((r) => r.fetchedAt)).size).toBe(1);
    expect((await berth.stats()).calls).toEqual({
      'ecs:DescribeClusters': 1,
      'ecs:ListClusters': 1,
    });
  });
});

describe('a refresh that fails', () => {
  const failure = (name: string) => Object.assign(new Error(`${name} from AWS`), { name });

  it('keeps serving the last result, marked stale, for as long as refreshes fail', async () => {
    let answer: () => Promise<string> = () => Promise.resolve('v1');
    const read = () =>
      readThrough('test:stale:', 'ecs:ListClusters', () => answer(), { ttlMs: 40 });
    expect(await read()).toMatchObject({ data: 'v1' });
    answer = () => Promise.reject(failure('ThrottlingException'));
    for (let refresh = 0; refresh < 2; refresh++) {
      await sleep(60);
      const stale = await read();
      expect(stale.data).toBe('v1');
      expect(stale.stale).toMatchObject({ kind: 'throttled' });
    }
  });

  it('stops serving it once AWS says the thing is gone or the read is refused', async () => {
    for (const [name, kind, message] of [
      ['ResourceNotFoundException', 'not-found', 'ResourceNotFoundException from AWS'],
      [
        'AccessDeniedException',
        'access-denied',
        'AWS refused ecs:ListClusters: the credentials Berth runs with need this IAM permission.',
      ],
    ] as const) {
      let answer: () => Promise<string> = () => Promise.resolve('v1');
      const read = () =>
        readThrough(`test:${kind}:`, 'ecs:ListClusters', () => answer(), { ttlMs: 40 });
      await read();
      answer = () => Promise.reject(failure(name));
      await sleep(60);
      await expect(read()).rejects.toMatchObject({
        name: 'AwsCallError',
        failure: { kind, message },
      });
    }
  });
});

describe('a change Berth makes', () => {
  it("clears its own cluster's reads and no other cluster's, even one whose name starts the same", async () => {
    await sleep(1600);
    await Promise.all([
      ecs.getService('cruddur', 'backend-flask'),
      ecs.getService('cruddur-staging', 'backend-flask'),
      ecs.listServices('cruddur-staging'),
    ]);
    await changes.forceNewDeployment('cruddur', 'backend-flask');
    await berth.resetStats();
    await Promise.all([
      ecs.getService('cruddur', 'backend-flask'),
      ecs.getService('cruddur-staging', 'backend-flask'),
      ecs.listServices('cruddur-staging'),
    ]);
    // Only cruddur's service is read again; cruddur-staging's reads are still fresh.
    expect((await berth.stats()).calls).toEqual({ 'ecs:DescribeServices': 1 });
  });
});
