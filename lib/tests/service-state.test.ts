/**
 * The service state, end to end against the sandbox: a broken revision rolls back and stays
 * "failed" with its reason and the crashed container's last log lines; a good deployment makes
 * it steady again; a crash loop and a scale-up read as such.
 */
import {
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/tests/harness';
import type * as ClusterViews from '../views/cluster';
import type * as OverviewViews from '../views/overview';
import type * as ServiceViews from '../views/service';
import type * as TaskViews from '../views/task';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ speed: 20, cacheTtlMs: 50 });
const { harness } = berth;
let views: {
  cluster: typeof ClusterViews;
  overview: typeof OverviewViews;
  service: typeof ServiceViews;
  task: typeof TaskViews;
};

beforeAll(async () => {
  views = {
    cluster: await import('../views/cluster'),
    overview: await import('../views/overview'),
    service: await import('../views/service'),
    task: await import('../views/task'),
  };
});

/** Registers backend-flask:3, revision 2 with its image tagged `broken` (exits 1 at start). */
async function registerBroken() {
  const { taskDefinition: good } = await harness.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:2' }),
  );
  const { taskDefinition } = await harness.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'backend-flask',
      networkMode: good?.networkMode,
      requiresCompatibilities: good?.requiresCompatibilities,
      cpu: good?.cpu,
      memory: good?.memory,
      executionRoleArn: good?.executionRoleArn,
      containerDefinitions: (good?.containerDefinitions ?? []).map((c) =>
        c.name === 'backend-flask' ? { ...c, image: c.image?.replace(/:latest$/, ':broken') } : c,
      ),
    }),
  );
  return taskDefinition?.taskDefinitionArn ?? '';
}

async function serviceView(cluster: string, service: string) {
  const view = await views.service.getServiceView(cluster, service);
  if (!view.ok || !view.data) throw new Error(`no view of ${service}`);
  return view.data;
}

describe('a broken deployment', () => {
  it('rolls back, then stays failed with why, until a good deployment completes', async () => {
    const broken = await registerBroken();
    await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur',
        service: 'backend-flask',
        taskDefinition: broken,
      }),
    );
    await eventually('rolling back', async () => {
      const { state } = await serviceView('cruddur', 'backend-flask');
      return state.state === 'rolling-back';
    });
    expect((await serviceView('cruddur', 'backend-flask')).state.reason).toBe(
      'Rolling back from backend-flask:3 to backend-flask:2: Circuit breaker rollback triggered',
    );

    await eventually('failed', async () => {
      const { state } = await serviceView('cruddur', 'backend-flask');
      return state.state === 'failed';
    });
    const view = await serviceView('cruddur', 'backend-flask');
    expect(view.state.reason).toBe(
      'Deployment of backend-flask:3 failed: 3 tasks failed to start (backend-flask exited with code 1); running backend-flask:2',
    );
    // The post-mortem: the newest crashed task, its container exit codes, its last words.
    const diagnostics = await views.service.getServiceDiagnosticsView('cruddur', 'backend-flask');
    if (!diagnostics.ok || !diagnostics.data) throw new Error('no diagnostics');
    const [mortem] = diagnostics.data.postMortems;
    expect(mortem?.task.taskDefinition.revision).toBe(3);
    expect(mortem?.task.stopCode).toBe('EssentialContainerExited');
    expect(mortem?.lastWords?.container).toBe('backend-flask');
    expect(mortem?.lastWords?.stream).toBe(`backend-flask/backend-flask/${mortem?.task.id}`);
    expect(mortem?.lastWords?.lines?.map((l) => l.message)).toEqual([
      'Traceback (most recent call last):',
      '  File "/backend-flask/app.py", line 7, in <module>',
      '    from services.home_activities import *',
      "ModuleNotFoundError: No module named 'services.home_activities'",
    ]);
    // The task page tells the same story.
    const task = await views.task.getTaskView('cruddur', mortem?.task.id ?? '');
    expect(task.ok && task.data?.postMortem?.lastWords?.lines).toHaveLength(4);

    // The cluster table and the overview agree.
    const cluster = await views.cluster.getClusterView('cruddur');
    if (!cluster.ok || !cluster.data) throw new Error('no cluster view');
    expect(
      cluster.data.services.map((row) => [row.service.name, row.state.state, row.state.reason]),
    ).toEqual([
      ['backend-flask', 'failed', view.state.reason],
      ['frontend-react-js', 'steady', '1 of 1 tasks healthy'],
    ]);
    const overview = await views.overview.getOverview();
    if (!overview.ok) throw new Error(overview.failure.message);
    const cruddur = overview.data.find((row) => row.cluster.name === 'cruddur');
    expect(cruddur?.state.state).toBe('failed');
    expect(cruddur?.notSteady.map((s) => [s.service, s.state, s.reason])).toEqual([
      ['backend-flask', 'failed', view.state.reason],
    ]);

    // A good deployment replaces the failure.
    await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur',
        service: 'backend-flask',
        forceNewDeployment: true,
      }),
    );
    await eventually('steady again', async () => {
      const { state } = await serviceView('cruddur', 'backend-flask');
      return state.state === 'steady';
    });
    const { serviceDeployments = [] } = await harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'cruddur', service: 'backend-flask' }),
    );
    expect(serviceDeployments.map((d) => d.status).slice(0, 2)).toEqual([
      'SUCCESSFUL',
      'ROLLBACK_SUCCESSFUL',
    ]);
  });
});

describe('a crash loop and a scale-up', () => {
  it('a service whose image starts crashing, with no deployment, is crash-looping', async () => {
    await harness.replaceTasks('cruddur-staging', 'notifications-worker', 'worker', 'crash');

    await eventually('crash-looping', async () => {
      const { state } = await serviceView('cruddur-staging', 'notifications-worker');
      return state.state === 'crash-looping';
    });
    const { state, service } = await serviceView('cruddur-staging', 'notifications-worker');
    expect(service.deployments.map((d) => d.rolloutState)).toEqual(['COMPLETED']);
    expect(state.reason).toMatch(
      /^\d+ tasks of notifications-worker:1 stopped in the last 10 minutes; the latest: worker exited with code 1$/,
    );
  });

  it('scaling 1 to 3 is scaling, not degraded', async () => {
    await harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur',
        service: 'frontend-react-js',
        desiredCount: 3,
      }),
    );
    const { state } = await serviceView('cruddur', 'frontend-react-js');
    expect(state).toEqual({ state: 'scaling', reason: '1 of 3 tasks running, 2 starting' });
    await eventually('steady at 3', async () => {
      const view = await serviceView('cruddur', 'frontend-react-js');
      return view.state.reason === '3 of 3 tasks healthy';
    });
  });
});
