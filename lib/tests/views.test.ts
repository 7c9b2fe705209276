/** The page views against the seeded sandbox: what they show, and AWS failures as states. */
import { CreateRepositoryCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/tests/harness';
import type * as ClusterViews from '../views/cluster';
import type * as OverviewViews from '../views/overview';
import type * as ServiceViews from '../views/service';
import type * as TaskViews from '../views/task';
import { setupBerth } from './setup-berth';

const TTL = 200;
const berth = setupBerth({ seed: 'cruddur', speed: 50, cacheTtlMs: TTL });
const { harness } = berth;
let views: {
  overview: typeof OverviewViews;
  cluster: typeof ClusterViews;
  service: typeof ServiceViews;
  task: typeof TaskViews;
};

const expire = () => new Promise((resolve) => setTimeout(resolve, TTL + 50));

beforeAll(async () => {
  views = {
    overview: await import('../views/overview'),
    cluster: await import('../views/cluster'),
    service: await import('../views/service'),
    task: await import('../views/task'),
  };
});

afterEach(async () => {
  await harness.admin('DELETE', '/_sandbox/faults');
});

describe('views of the Cruddur world', () => {
  it('overview: both clusters with Container Insights and a state roll-up', async () => {
    const view = await views.overview.getOverview();
    if (!view.ok) throw new Error(view.failure.message);
    const byName = new Map(view.data.map((row) => [row.cluster.name, row]));
    expect(byName.get('cruddur')?.cluster.containerInsights).toBe('enabled');
    expect(byName.get('cruddur-staging')?.cluster.containerInsights).toBe('disabled');
    expect(byName.get('cruddur')?.state).toEqual({
      state: 'steady',
      reason: '2 of 2 services steady',
    });
    expect(byName.get('cruddur')?.notSteady).toEqual([]);
  });

  it('service: tasks, container health and why xray is UNKNOWN, the proxy, Service Connect', async () => {
    const view = await views.service.getServiceView('cruddur', 'backend-flask');
    if (!view.ok || !view.data) throw new Error('no view');
    const { tasks, definitions, service } = view.data;
    const task = tasks[0];
    expect(task?.containers.map((c) => c.name)).toEqual(
      expect.arrayContaining(['xray', 'backend-flask']),
    );
    const definition = task && definitions[task.taskDefinition.arn];
    expect(definition?.containers.find((c) => c.name === 'xray')?.healthCheck).toBeUndefined();
    expect(service.serviceConnect).toMatchObject({
      enabled: true,
      services: [{ discoveryName: 'backend-flask', clientAliases: [{ port: 4567 }] }],
    });
    expect(view.data.drift).toEqual([]);
  });

  it('service: as old as its oldest re-read, not as the deployment history it keeps', async () => {
    await views.service.getServiceView('cruddur', 'backend-flask');
    await expire();
    const asked = Date.now();
    const view = await views.service.getServiceView('cruddur', 'backend-flask');
    if (!view.ok) throw new Error(view.failure.message);
    expect(view.fetchedAt).toBeGreaterThanOrEqual(asked);
  });

  it('not found: an unknown cluster, service or task is null, not an error', async () => {
    const cluster = await views.cluster.getClusterView('nope');
    expect(cluster).toMatchObject({ ok: true, data: null });
    const service = await views.service.getServiceView('cruddur', 'nope');
    expect(service.ok ? service.data : service.failure.kind).toBeFalsy();
    const task = await views.task.getTaskView('cruddur', '0123456789abcdef0123456789abcdef');
    expect(task).toMatchObject({ ok: true, data: null });
  });
});

describe('AWS failures as states', () => {
  it('access denied names the IAM action that is missing', async () => {
    await harness.admin('PUT', '/_sandbox/faults', { deny: ['ecs:DescribeServices'] });
    await expire();
    const view = await views.cluster.getClusterView('cruddur');
    expect(view).toMatchObject({
      ok: false,
      failure: { kind: 'access-denied', action: 'ecs:DescribeServices' },
    });
  });

  it('an outage shows the last known state, marked stale', async () => {
    const fresh = await views.cluster.getClusterView('cruddur-staging');
    expect(fresh.ok).toBe(true);
    expect(fresh.ok ? fresh.stale : 'the read failed').toBeUndefined();
    await harness.admin('PUT', '/_sandbox/faults', { outage: true });
    await expire();
    const stale = await views.cluster.getClusterView('cruddur-staging');
    if (!stale.ok) throw new Error(`expected the last known state, got ${stale.failure.message}`);
    expect(stale.stale?.kind).toBe('unavailable');
    expect(stale.data?.services).toHaveLength(2);
    expect(stale.fetchedAt).toBeLessThan(Date.now() - TTL);
  });

  it('an outage with nothing known yet is an unavailable state', async () => {
    await harness.admin('PUT', '/_sandbox/faults', { outage: true });
    const view = await views.task.getTaskView('cruddur', 'ffffffffffffffffffffffffffffffff');
    expect(view).toMatchObject({ ok: false, failure: { kind: 'unavailable' } });
  });
});

describe('images', () => {
  it('flags a re-pushed :latest that running tasks have not pulled, and who runs which digest', async () => {
    const repos = await import('../views/repositories');
    const before = await repos.getRepositoryView('frontend-react-js');
    if (!before.ok || !before.data) throw new Error('no view');
    const use = before.data.uses.find((u) => u.service.name === 'frontend-react-js');
    expect(use?.drift).toBeUndefined();
    const running = use?.runningDigests[0];
    expect(before.data.images.find((i) => i.digest === running)?.tags).toContain('latest');

    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      layers: [{ size: 1, digest: `sha256:${'f'.repeat(64)}` }],
    });
    await harness.ecr.send(
      new PutImageCommand({
        repositoryName: 'frontend-react-js',
        imageTag: 'latest',
        imageManifest: manifest,
      }),
    );
    await expire();
    const after = await repos.getRepositoryView('frontend-react-js');
    const drifted = after.ok
      ? after.data?.uses.find((u) => u.service.name === 'frontend-react-js')
      : undefined;
    expect(drifted?.drift?.tagDigest).toMatch(/^sha256:/);
    expect(drifted?.drift?.tagDigest).not.toBe(running);

    // The service page says the same...
    const service = await views.service.getServiceDiagnosticsView('cruddur', 'frontend-react-js');
    if (!service.ok || !service.data) throw new Error('no service diagnostics');
    expect(service.data.imageDrift).toEqual([
      {
        container: 'frontend-react-js',
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/frontend-react-js:latest',
        runningDigests: [running],
        tagDigest: drifted?.drift?.tagDigest,
      },
    ]);
    // ...until a redeploy started after the push is pulling it: no warning to redeploy again.
    await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur',
        service: 'frontend-react-js',
        forceNewDeployment: true,
      }),
    );
    await expire();
    const rolling = await views.service.getServiceView('cruddur', 'frontend-react-js');
    if (!rolling.ok || !rolling.data) throw new Error('no service view');
    expect(rolling.data.service.deployments[0]?.rolloutState).toBe('IN_PROGRESS');
    const rollingDiagnostics = await views.service.getServiceDiagnosticsView(
      'cruddur',
      'frontend-react-js',
    );
    expect(rollingDiagnostics.ok && rollingDiagnostics.data?.imageDrift).toEqual([]);
    const repository = await repos.getRepositoryView('frontend-react-js');
    expect(
      repository.ok &&
        repository.data?.uses.find((u) => u.service.name === 'frontend-react-js')?.drift,
    ).toBeUndefined();
  });
});

describe('a repository page', () => {
  it("reads tasks only in the clusters where a service runs the repository's images", async () => {
    const repos = await import('../views/repositories');
    await expire();
    await berth.resetStats();
    // frontend-react-js runs in cruddur only: cruddur-staging's tasks are not read.
    const used = await repos.getRepositoryView('frontend-react-js');
    expect(used.ok && used.data?.uses.map((u) => u.service.clusterName)).toEqual(['cruddur']);
    const { calls } = await berth.stats();
    expect([calls['ecs:ListServices'], calls['ecs:ListTasks'], calls['ecs:DescribeTasks']]).toEqual(
      [2, 1, 1],
    );

    await harness.ecr.send(new CreateRepositoryCommand({ repositoryName: 'nobody-runs-this' }));
    await expire();
    await berth.resetStats();
    const unused = await repos.getRepositoryView('nobody-runs-this');
    expect(unused.ok && unused.data?.uses).toEqual([]);
    const after = (await berth.stats()).calls;
    expect([after['ecs:ListServices'], after['ecs:ListTasks'] ?? 0]).toEqual([2, 0]);
  });
});

describe('scan findings', () => {
  it('lists a running image’s findings most severe first, in one call kept 10 minutes', async () => {
    const ecr = await import('../aws/ecr');
    const { data: images } = await ecr.listImages('backend-flask');
    const latest = images.find((image) => image.tags.includes('latest'))!;
    expect(latest.scanFindings).toEqual({ MEDIUM: 2, LOW: 5 });
    await berth.resetStats();
    const { data: findings } = await ecr.getScanFindings('backend-flask', latest.digest);
    expect(findings?.map((f) => [f.severity, f.name, f.packageName])).toEqual([
      ['MEDIUM', 'CVE-2026-10001', 'openssl'],
      ['MEDIUM', 'CVE-2026-10002', 'zlib'],
      ['LOW', 'CVE-2026-10003', 'libc6'],
      ['LOW', 'CVE-2026-10004', 'perl-base'],
      ['LOW', 'CVE-2026-10005', 'tar'],
      ['LOW', 'CVE-2026-10006', 'ncurses-base'],
      ['LOW', 'CVE-2026-10007', 'login'],
    ]);
    expect(findings?.[0]).toMatchObject({
      packageVersion: '3.0.11-1~deb12u2',
      uri: 'https://security-tracker.debian.org/tracker/CVE-2026-10001',
    });
    await expire();
    await ecr.getScanFindings('backend-flask', latest.digest);
    expect((await berth.stats()).calls['ecr:DescribeImageScanFindings']).toBe(1);
  });
});

describe('drift', () => {
  it('flags tasks on an old revision and tasks without exec after the service enabled it', async () => {
    await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur-staging',
        service: 'notifications-worker',
        enableExecuteCommand: true,
      }),
    );
    const view = await eventually('exec drift', async () => {
      await expire();
      const v = await views.service.getServiceView('cruddur-staging', 'notifications-worker');
      return v.ok && v.data?.drift.some((d) => d.kind === 'exec') ? v.data : undefined;
    });
    expect(view.drift.find((d) => d.kind === 'exec')?.message).toBe(
      'ECS Exec is enabled on the service but not on 1 task: redeploy to apply.',
    );

    await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur',
        service: 'backend-flask',
        taskDefinition: 'backend-flask:1',
      }),
    );
    await expire();
    const cluster = await views.cluster.getClusterView('cruddur');
    const row = cluster.ok
      ? cluster.data?.services.find((s) => s.service.name === 'backend-flask')
      : undefined;
    expect(row?.drift[0]?.message).toMatch(
      /^1 task runs backend-flask:2, not backend-flask:1 of the PRIMARY deployment/,
    );
  });
});
