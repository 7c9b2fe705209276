/**
 * The cluster page's AWS bill, counted by the sandbox: with S services and T tasks it costs at
 * most ceil(S/100) ListServices + ceil(S/10) DescribeServices + ceil(T/100) + 1 ListTasks
 * (running, then stopped) + ceil(T/100) DescribeTasks + 1 DescribeClusters + ceil(alarms/100)
 * DescribeAlarms, plus one
 * DescribeTaskDefinition per revision not yet cached and one ListServiceDeployments per service
 * whose deployments changed since it was last read; and concurrent viewers share one set.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, NETWORK } from '../../sandbox/tests/harness';
import type * as ClusterViews from '../views/cluster';
import type * as ServiceStates from '../views/service-states';
import { setupBerth } from './setup-berth';

const S = 150;
const TASKS_PER_SERVICE = 4;
const T = S * TASKS_PER_SERVICE;
const TTL = 300;

const berth = setupBerth({ seed: 'empty', speed: 20, cacheTtlMs: TTL });
const { harness } = berth;
let getClusterView: typeof ClusterViews.getClusterView;
let readClusterStates: typeof ServiceStates.readClusterStates;

const expire = () => new Promise((resolve) => setTimeout(resolve, TTL + 50));

beforeAll(async () => {
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
});

const budget = {
  'ecs:ListServices': Math.ceil(S / 100),
  'ecs:DescribeServices': Math.ceil(S / 10),
  'ecs:ListTasks': Math.ceil(T / 100) + 1,
  'ecs:DescribeTasks': Math.ceil(T / 100),
  'ecs:DescribeClusters': 1,
  // Every alarm of the account, 100 a page (the sandbox has the seed's few): the badges.
  'cloudwatch:DescribeAlarms': 1,
};

describe(`cluster page with ${S} services and ${T} tasks`, () => {
  it('costs the batch-limit minimum, task definitions once, histories when they change', async () => {
    await berth.resetStats();
    const view = await getClusterView('bench');
    if (!view.ok || !view.data) throw new Error('no view');
    expect(view.data.services).toHaveLength(S);
    expect(view.data.counts).toEqual({ running: T, pending: 0, desired: T, standalone: 0 });
    expect(new Set(view.data.services.map((row) => row.state.state))).toEqual(new Set(['steady']));
    const first = await berth.stats();
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
    // deployment changed, so no history either.
    expect((await berth.stats()).calls).toEqual(budget);
  });

  it('serves 20 concurrent viewers for no more than 2 sequential ones cost', async () => {
    await expire();
    await berth.resetStats();
    await getClusterView('bench');
    await expire();
    await getClusterView('bench');
    const sequential = (await berth.stats()).total;

    await expire();
    await berth.resetStats();
    const views = await Promise.all(Array.from({ length: 20 }, () => getClusterView('bench')));
    expect(views.every((v) => v.ok && v.data?.services.length === S)).toBe(true);
    const concurrent = await berth.stats();
    expect(concurrent.total).toBeLessThanOrEqual(sequential);
    expect(concurrent.calls).toEqual(budget);
  });

  it('is as old as its oldest re-read: histories kept while unchanged do not age the page', async () => {
    await getClusterView('bench');
    await expire();
    const asked = Date.now();
    const view = await getClusterView('bench');
    if (!view.ok) throw new Error(view.failure.message);
    // The histories were read a cache period ago and are kept (their key holds the deployments
    // they describe); the services and tasks were just read again.
    expect(view.fetchedAt).toBeGreaterThanOrEqual(asked);
    expect(view.stale).toBeUndefined();
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
});
