/**
 * The cluster page's AWS bill, counted by the sandbox: with S services and T tasks it costs at
 * most ceil(S/100) ListServices + ceil(S/10) DescribeServices + ceil(T/100) + 1 ListTasks
 * (running, then stopped) + ceil(T/100) DescribeTasks + 1 DescribeClusters + ceil(alarms/100)
 * DescribeAlarms, plus one
 * DescribeTaskDefinition per revision not yet cached and one ListServiceDeployments per service
 * whose deployments changed since it was last read; and concurrent viewers share one set.
 * A list of more than one page is kept across refreshes (lib/aws/kept-lists.ts): a refresh
 * describes it at once and lists again in the background, for the same calls; and of a kept
 * list of services, it describes again only those whose live tasks moved, the changing ones
 * and a turn of the rest (lib/aws/redescribe.ts): here one DescribeServices, not 15.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, NETWORK } from '../../sandbox/tests/harness';
import type * as ClusterViews from '../views/cluster';
import type * as ServiceStates from '../views/service-states';
import type * as KeptLists from '../aws/kept-lists';
import type * as ReadCache from '../aws/read-cache';
import type * as CacheKeys from '../aws/cache-keys';
import type * as Ecs from '../aws/ecs';
import { addIdleService as addService, configure, setupBerth } from './setup-berth';

const S = 150;
const TASKS_PER_SERVICE = 4;
const T = S * TASKS_PER_SERVICE;
const TTL = 300;

const berth = setupBerth({ seed: 'empty', speed: 20, cacheTtlMs: TTL });
/**
 * The reuse window (BERTH_LIST_REUSE_SECONDS): long, so that a refresh's turn (150 services ×
 * the seconds since the last refresh / the window) stays within one batch of 10 however slow
 * the machine (up to 20 s between refreshes), and the budgets below are exact.
 */
const WINDOW_SECONDS = 300;
const { harness } = berth;
let getClusterView: typeof ClusterViews.getClusterView;
let readClusterStates: typeof ServiceStates.readClusterStates;
let listingsSettled: typeof KeptLists.listingsSettled;
let invalidate: typeof ReadCache.invalidate;
let clusterScope: typeof CacheKeys.clusterScope;
let listTasks: typeof Ecs.listTasks;

const expire = () => new Promise((resolve) => setTimeout(resolve, TTL + 50));

beforeAll(async () => {
  configure({ BERTH_LIST_REUSE_SECONDS: String(WINDOW_SECONDS) });
  await harness.ecs.send(new CreateClusterCommand({ clusterName: 'bench' }));
  await harness.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'bench',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', essential: true }],
    }),
  );
  for (let i = 0; i < S; i++) {
    await harness.ecs.send(
      new CreateServiceCommand({
        cluster: 'bench',
        serviceName: `svc-${i}`,
        taskDefinition: 'bench',
        desiredCount: TASKS_PER_SERVICE,
        networkConfiguration: NETWORK,
      }),
    );
  }
  // The scheduler launches every task on its next step.
  await eventually(`${T} tasks`, async () => {
    let count = 0;
    for await (const page of paginateListTasks(
      { client: harness.ecs, pageSize: 100 },
      { cluster: 'bench' },
    )) {
      count += page.taskArns?.length ?? 0;
    }
    return count === T;
  });
  // ...and every first deployment completes, so no deployment changes during the test.
  await eventually('every deployment completed', async () => {
    for (let i = 0; i < S; i += 10) {
      const out = await harness.ecs.send(
        new DescribeServicesCommand({
          cluster: 'bench',
          services: Array.from({ length: 10 }, (_, j) => `svc-${i + j}`),
        }),
      );
      const done = out.services?.every((s) =>
        s.deployments?.every((d) => d.rolloutState === 'COMPLETED'),
      );
      if (!done) return false;
    }
    return true;
  });
  ({ getClusterView } = await import('../views/cluster'));
  ({ readClusterStates } = await import('../views/service-states'));
  ({ listingsSettled } = await import('../aws/kept-lists'));
  ({ invalidate } = await import('../aws/read-cache'));
  ({ clusterScope } = await import('../aws/cache-keys'));
  ({ listTasks } = await import('../aws/ecs'));
});

const addIdleService = (serviceName: string) => addService(harness, 'bench', serviceName, 'bench');

/** The calls a read made, its background listings included. */
const callsMade = async () => {
  await listingsSettled();
  return berth.stats();
};

const budget = {
  'ecs:ListServices': Math.ceil(S / 100),
  'ecs:DescribeServices': Math.ceil(S / 10),
  'ecs:ListTasks': Math.ceil(T / 100) + 1,
  'ecs:DescribeTasks': Math.ceil(T / 100),
  'ecs:DescribeClusters': 1,
  // Every alarm of the account, 100 a page (the sandbox has the seed's few): the badges.
  'cloudwatch:DescribeAlarms': 1,
};
/**
 * A refresh once the signatures are noted: nothing moved, so only the turn, 150 services ×
 * the time since the last refresh (under 20 s) / 300 s, filled to one batch of 10.
 */
const refreshBudget = { ...budget, 'ecs:DescribeServices': 1 };

describe(`cluster page with ${S} services and ${T} tasks`, () => {
  it('costs the batch-limit minimum, task definitions once, histories when they change', async () => {
    await berth.resetStats();
    const view = await getClusterView('bench');
    if (!view.ok || !view.data) throw new Error('no view');
    expect(view.data.services).toHaveLength(S);
    expect(view.data.counts).toEqual({ running: T, pending: 0, desired: T, standalone: 0 });
    expect(new Set(view.data.services.map((row) => row.state.state))).toEqual(new Set(['steady']));
    const first = await callsMade();
    expect(first.calls).toEqual({
      ...budget,
      'ecs:DescribeTaskDefinition': 1,
      // The latest deployment of each service; none was rolled back, so no details.
      'ecs:ListServiceDeployments': S,
    });

    await expire();
    await berth.resetStats();
    await getClusterView('bench');
    // The revision is immutable and cached: no DescribeTaskDefinition the second time; no
    // deployment changed, so no history either. Every service is described again: the first
    // read noted no signatures (its tasks were read beside it, not before).
    expect((await callsMade()).calls).toEqual(budget);

    await expire();
    await berth.resetStats();
    await getClusterView('bench');
    expect((await callsMade()).calls).toEqual(refreshBudget);
  });

  it('serves 20 concurrent viewers for no more than 2 sequential ones cost', async () => {
    await expire();
    await berth.resetStats();
    await getClusterView('bench');
    await expire();
    await getClusterView('bench');
    const sequential = (await callsMade()).total;

    await expire();
    await berth.resetStats();
    const views = await Promise.all(Array.from({ length: 20 }, () => getClusterView('bench')));
    expect(views.every((v) => v.ok && v.data?.services.length === S)).toBe(true);
    const concurrent = await callsMade();
    expect(concurrent.total).toBeLessThanOrEqual(sequential);
    expect(concurrent.calls).toEqual(refreshBudget);
  });

  it('reads no services or tasks for a name that is no cluster, however often it is asked', async () => {
    await expire();
    await berth.resetStats();
    for (let i = 0; i < 3; i++) {
      const view = await getClusterView('no-such-cluster');
      expect(view.ok && view.data).toBeNull();
    }
    // One DescribeClusters (its MISSING answer is cached); no ListServices or ListTasks,
    // whose ClusterNotFoundException would be asked again on every visit.
    expect((await callsMade()).calls).toEqual({ 'ecs:DescribeClusters': 1 });
  });

  it('derives the states once per cache period, however many viewers read them', async () => {
    await expire();
    const first = await readClusterStates('bench');
    const again = await Promise.all(Array.from({ length: 5 }, () => readClusterStates('bench')));
    expect(again.every((states) => states === first)).toBe(true);
    // New reads (the cache expired), new derivation: nothing is kept past its data.
    await expire();
    expect(await readClusterStates('bench')).not.toBe(first);
  });

  // Last: it adds a service.
  it('describes the kept lists at once and lists them again behind the page', async () => {
    await getClusterView('bench');
    await listingsSettled();
    await addIdleService('svc-new');
    await expire();
    const listedBefore = Date.now();
    const refreshed = await getClusterView('bench');
    if (!refreshed.ok || !refreshed.data) throw new Error('no view');
    // The kept list of 150 (two pages): svc-new is not on it, and the page is as old as it.
    expect(refreshed.data.services).toHaveLength(S);
    expect(refreshed.fetchedAt).toBeLessThan(listedBefore);
    await listingsSettled();
    await expire();
    const next = await getClusterView('bench');
    if (!next.ok || !next.data) throw new Error('no view');
    expect(next.data.services).toHaveLength(S + 1);
    expect(next.data.services.map((row) => row.service.name)).toContain('svc-new');
  });

  it('lists afresh after a change Berth made to the cluster', async () => {
    await getClusterView('bench');
    await listingsSettled();
    await addIdleService('svc-newer');
    invalidate(...clusterScope('bench'));
    const view = await getClusterView('bench');
    if (!view.ok || !view.data) throw new Error('no view');
    expect(view.data.services.map((row) => row.service.name)).toContain('svc-newer');
  });

  it('leaves out a task stopped since its kept list was read', async () => {
    const before = await listTasks('bench');
    await listingsSettled();
    const victim = before.data[0]!;
    await harness.ecs.send(new StopTaskCommand({ cluster: 'bench', task: victim.arn }));
    await expire();
    const after = await listTasks('bench');
    expect(after.data.map((t) => t.arn)).not.toContain(victim.arn);
    expect(after.data).toHaveLength(before.data.length - 1);
  });

  it('describes again the service whose live tasks moved, outside Berth, within two refreshes', async () => {
    const refresh = async () => {
      await expire();
      const view = await getClusterView('bench');
      await listingsSettled();
      if (!view.ok || !view.data) throw new Error('no view');
      return view.data.services.find((row) => row.service.name === 'svc-149')!.service;
    };
    await refresh();
    await refresh();
    // Not through Berth (nothing is invalidated): one task more for the last service made,
    // last in the list and so last in the turn.
    await harness.ecs.send(
      new UpdateServiceCommand({ cluster: 'bench', service: 'svc-149', desiredCount: 5 }),
    );
    await eventually('a fifth task of svc-149 running', async () => {
      const out = await harness.ecs.send(
        new DescribeServicesCommand({ cluster: 'bench', services: ['svc-149'] }),
      );
      return out.services?.[0]?.runningCount === 5;
    });
    // The kept task list learns of the new task behind this refresh, ...
    expect((await refresh()).desired).toBe(TASKS_PER_SERVICE);
    await expire();
    await berth.resetStats();
    // ... and the next one sees it and describes svc-149 (with the turn, one batch).
    const view = await getClusterView('bench');
    if (!view.ok || !view.data) throw new Error('no view');
    const row = view.data.services.find((r) => r.service.name === 'svc-149')!;
    expect([row.service.desired, row.service.running]).toEqual([5, 5]);
    expect((await callsMade()).calls['ecs:DescribeServices']).toBe(1);
  });

  it('is as old as its oldest description, not its newest list', async () => {
    // Each refresh's turn is 150 × ~0.4 s / 300 s → 1, one batch of 10.
    // A change Berth made: listed and described afresh, then all again with signatures.
    invalidate(...clusterScope('bench'));
    await getClusterView('bench');
    await listingsSettled();
    await expire();
    const before = Date.now();
    await getClusterView('bench');
    const after = Date.now();
    await listingsSettled();
    await berth.resetStats();
    for (let i = 0; i < 2; i++) {
      await expire();
      await getClusterView('bench');
      await listingsSettled();
    }
    await expire();
    const view = await getClusterView('bench');
    if (!view.ok) throw new Error(view.failure.message);
    // 130 of the 150 descriptions are from the full read; the list is from the last refresh.
    expect(view.fetchedAt).toBeGreaterThanOrEqual(before);
    expect(view.fetchedAt).toBeLessThanOrEqual(after);
    expect((await callsMade()).calls['ecs:DescribeServices']).toBe(3);
  });
});
