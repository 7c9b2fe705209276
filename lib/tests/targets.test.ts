/**
 * Several accounts and regions (BERTH_TARGETS_FILE) against SANDBOX_SEED=multi: each place's
 * reads reach its own account and region, a role's credentials are assumed, shared and renewed,
 * and a role that cannot be assumed is named in the failure.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Ecs from '../aws/ecs';
import type * as PlaceModule from '../targets/place';
import { configure, MULTI_TARGETS, setupBerth } from './setup-berth';

// At speed 900 an hour-long role session ends after four real seconds.
const berth = setupBerth({ seed: 'multi', speed: 900 });
const { harness } = berth;
const stats = () => berth.stats();
const resetStats = () => berth.resetStats();

const targetsFile = (yaml: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'berth-targets-')), 'targets.yaml');
  writeFileSync(path, yaml);
  return path;
};

const TARGETS = `${MULTI_TARGETS}  - { name: broken, roleArn: "arn:aws:iam::222222222222:role/berth", externalId: wrong-id, regions: [us-east-1] }
`;

type Modules = { ecs: typeof Ecs; place: typeof PlaceModule };
let m: Modules;

beforeAll(async () => {
  configure({ BERTH_TARGETS_FILE: targetsFile(TARGETS), AWS_REGION: 'ca-central-1' });
  m = {
    ecs: await import('../aws/ecs'),
    place: await import('../targets/place'),
  };
});

const at = (target: string, region: string) => {
  const found = m.place.findPlace(target, region);
  if (!found) throw new Error(`no place ${target}/${region}`);
  return found;
};

const clusterNames = async (target: string, region: string) =>
  m.place.inPlace(at(target, region), async () =>
    (await m.ecs.listClusters()).data.map((c) => c.arn),
  );

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'succeeded',
    (error: { failure?: { kind: string; message: string } }) =>
      error.failure ? `${error.failure.kind}: ${error.failure.message}` : JSON.stringify(error),
  );

describe('targets', () => {
  it('reads each place in its own account and region, one AssumeRole for the role target', async () => {
    await resetStats();
    expect(await clusterNames('prod', 'ca-central-1')).toEqual([
      'arn:aws:ecs:ca-central-1:111111111111:cluster/cruddur',
    ]);
    expect(await clusterNames('staging', 'us-east-1')).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:cluster/cruddur-staging',
    ]);
    expect(await clusterNames('staging', 'ca-central-1')).toEqual([]);
    const { byWorld, calls } = await stats();
    expect(calls['sts:AssumeRole']).toBe(1);
    expect(byWorld).toMatchObject({
      '111111111111/ca-central-1': { 'ecs:ListClusters': 1, 'ecs:DescribeClusters': 1 },
      '222222222222/us-east-1': { 'ecs:ListClusters': 1, 'ecs:DescribeClusters': 1 },
      '222222222222/ca-central-1': { 'ecs:ListClusters': 1 },
    });
  });

  it('keys the read cache by place: the same read in two places is two answers', async () => {
    await resetStats();
    const [prod, staging] = await Promise.all([
      clusterNames('prod', 'ca-central-1'),
      clusterNames('staging', 'us-east-1'),
    ]);
    expect([prod.length, staging.length]).toEqual([1, 1]);
    expect(prod[0]).not.toBe(staging[0]);
  });

  it('assumes the role again before its session ends, while the old key still works', async () => {
    await new Promise((resolve) => setTimeout(resolve, 350)); // past the read cache's TTL
    expect(await clusterNames('staging', 'us-east-1')).toHaveLength(1);
    await resetStats();
    // A role session is an hour, four real seconds at speed 900: at three and a half, less than
    // a quarter is left, which is when Berth assumes the role again.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await clusterNames('staging', 'us-east-1')).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:cluster/cruddur-staging',
    ]);
    const { calls } = await stats();
    expect([calls['sts:AssumeRole'], calls['ecs:ListClusters']]).toEqual([1, 1]);
  });

  it('assumes the role again when AWS ends a session Berth believed fresh, and the read succeeds', async () => {
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await clusterNames('staging', 'us-east-1')).toHaveLength(1);
    expect(await harness.admin('POST', '/_sandbox/sts/expire')).toEqual({ ended: 1 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    await resetStats();
    expect(await clusterNames('staging', 'us-east-1')).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:cluster/cruddur-staging',
    ]);
    // The first ListClusters is refused (ExpiredTokenException), the second answered.
    const { calls } = await stats();
    expect([calls['sts:AssumeRole'], calls['ecs:ListClusters']]).toEqual([1, 2]);
  });

  it('names the role and target when the role cannot be assumed (wrong external id)', async () => {
    expect(await failureOf(clusterNames('broken', 'us-east-1'))).toBe(
      "access-denied: Berth could not assume arn:aws:iam::222222222222:role/berth for target broken: User: arn:aws:iam::111111111111:user/berth is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/berth. Check the role's trust policy, and that externalId in BERTH_TARGETS_FILE matches its sts:ExternalId condition.",
    );
    // The others still answer.
    expect(await clusterNames('prod', 'ca-central-1')).toHaveLength(1);
  });

  it('one account throttled: its overview fails alone, every other place reads once', async () => {
    await new Promise((resolve) => setTimeout(resolve, 350)); // past the read cache's TTL
    await harness.withFaults(
      {
        throttleRate: 1,
        worlds: ['111111111111/ca-central-1'],
      },
      async () => {
        await resetStats();
        const { getEveryOverview } = await import('../views/overview');
        const overviews = await getEveryOverview();
        expect(
          overviews.map(({ place, view }) => [
            m.place.placeId(place),
            view.ok ? view.data.map((o) => o.cluster.name) : view.failure.kind,
            view.ok ? (view.stale?.kind ?? 'fresh') : 'failed',
          ]),
        ).toEqual([
          // The last answer, marked stale by the throttling (the page says so).
          ['prod/ca-central-1', ['cruddur'], 'throttled'],
          ['staging/us-east-1', ['cruddur-staging'], 'fresh'],
          ['staging/ca-central-1', [], 'fresh'],
          ['broken/us-east-1', 'access-denied', 'failed'],
        ]);
        const { byWorld = {} } = await stats();
        // The throttled account is asked as often as the SDK retries; the others once each.
        expect(byWorld['111111111111/ca-central-1']?.['ecs:ListClusters']).toBe(3);
        expect(byWorld['222222222222/us-east-1']?.['ecs:ListClusters']).toBe(1);
        expect(byWorld['222222222222/ca-central-1']).toEqual({ 'ecs:ListClusters': 1 });
      },
    );
  });

  it('refuses an AWS call that does not know its place when there are several', async () => {
    await expect(m.ecs.listClusters()).resolves.toMatchObject({ data: [{ name: 'cruddur' }] });
    const { placeInScope } = m.place;
    expect(() => placeInScope()).toThrow(
      'Berth made an AWS call outside a place (lib/targets/place.ts: inPlace).',
    );
  });
});
