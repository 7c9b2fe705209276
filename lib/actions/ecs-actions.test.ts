/**
 * What each ECS action tells the person who clicked it, word for word, and what it asked of
 * AWS, against the sandbox: the deployment it started, the task it stopped and why, the setting
 * it changed, and every step of a change that failed part way.
 */
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Actions from './ecs-actions';
import { setupBerth } from '../tests/setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
const { harness } = berth;
let actions: typeof Actions;

beforeAll(async () => {
  actions = await import('./ecs-actions');
});

const DENIED = (action: string) =>
  `AWS refused ${action}: the credentials Berth runs with need this IAM permission.`;

async function serviceNow(cluster: string, service: string) {
  const { services = [] } = await harness.ecs.send(
    new DescribeServicesCommand({ cluster, services: [service] }),
  );
  return services[0]!;
}

async function aTaskOf(cluster: string, serviceName: string) {
  const { taskArns = [] } = await harness.ecs.send(new ListTasksCommand({ cluster, serviceName }));
  return taskArns[0]!.split('/').pop()!;
}

async function stoppedReason(cluster: string, task: string) {
  const { tasks = [] } = await harness.ecs.send(
    new DescribeTasksCommand({ cluster, tasks: [task] }),
  );
  return tasks[0]?.stoppedReason;
}

describe('deployments', () => {
  it('redeploy names the deployment ECS started', async () => {
    const result = await actions.ecsActions.redeploy({
      cluster: 'cruddur-staging',
      service: 'notifications-worker',
    });
    const primary = (await serviceNow('cruddur-staging', 'notifications-worker')).deployments![0]!;
    expect(result).toMatchObject({
      ok: true,
      message: `Redeploy of notifications-worker started: deployment ${primary.id}.`,
      deploymentId: primary.id,
    });
  });

  it('deploy and rollback name the revision by family:revision and link to the service', async () => {
    const deployed = await actions.ecsActions.deploy({
      cluster: 'cruddur-staging',
      service: 'backend-flask',
      taskDefinition: 'backend-flask:1',
    });
    let service = await serviceNow('cruddur-staging', 'backend-flask');
    expect(service.taskDefinition).toMatch(/:task-definition\/backend-flask:1$/);
    expect(deployed).toMatchObject({
      ok: true,
      message: `Deploying backend-flask:1 to backend-flask: deployment ${service.deployments![0]!.id}.`,
      href: '/clusters/cruddur-staging/services/backend-flask',
    });

    const arn = service.taskDefinition!.replace(/:1$/, ':2');
    const rolledBack = await actions.ecsActions.rollback({
      cluster: 'cruddur-staging',
      service: 'backend-flask',
      taskDefinition: arn,
    });
    service = await serviceNow('cruddur-staging', 'backend-flask');
    expect(service.taskDefinition).toBe(arn);
    expect(rolledBack).toMatchObject({
      ok: true,
      message: `Rolling backend-flask back to backend-flask:2: deployment ${service.deployments![0]!.id}.`,
      href: '/clusters/cruddur-staging/services/backend-flask',
    });
  });
});

describe('settings', () => {
  it('Container Insights: says what it set, and the cluster has it', async () => {
    expect(
      await actions.ecsActions.setContainerInsights({
        cluster: 'cruddur-staging',
        value: 'disabled',
      }),
    ).toMatchObject({
      ok: true,
      message: 'Container Insights on cruddur-staging set to disabled.',
    });
    const { clusters = [] } = await harness.ecs.send(
      new DescribeClustersCommand({ clusters: ['cruddur-staging'], include: ['SETTINGS'] }),
    );
    expect(clusters[0]?.settings).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
  });

  it('ECS Exec: enabled or disabled, and the deployment that replaces the tasks', async () => {
    for (const [enable, word] of [
      ['true', 'enabled'],
      ['false', 'disabled'],
    ] as const) {
      const result = await actions.ecsActions.applyExec({
        cluster: 'cruddur-staging',
        service: 'notifications-worker',
        enable,
      });
      const service = await serviceNow('cruddur-staging', 'notifications-worker');
      expect(service.enableExecuteCommand).toBe(enable === 'true');
      expect(result).toMatchObject({
        ok: true,
        message: `ECS Exec ${word} on notifications-worker; deployment ${service.deployments![0]!.id} replaces the running tasks.`,
      });
    }
  });
});

describe('stopping a task', () => {
  it('gives ECS the reason typed, or "Stopped from Berth"', async () => {
    const first = await aTaskOf('cruddur-staging', 'backend-flask');
    await actions.ecsActions.stopTask({
      cluster: 'cruddur-staging',
      task: first,
      reason: 'stuck on a lock',
    });
    expect(await stoppedReason('cruddur-staging', first)).toBe('stuck on a lock');
    const second = await aTaskOf('cruddur-staging', 'notifications-worker');
    await actions.ecsActions.stopTask({ cluster: 'cruddur-staging', task: second, reason: ' ' });
    expect(await stoppedReason('cruddur-staging', second)).toBe('Stopped from Berth');
  });

  it('a task of no service: stopping it names no replacement, claiming a service is refused', async () => {
    const { tasks = [] } = await harness.ecs.send(
      new RunTaskCommand({
        cluster: 'cruddur-staging',
        taskDefinition: 'backend-flask',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60718'] } },
      }),
    );
    const task = tasks[0]!.taskArn!.split('/').pop()!;
    expect(
      await actions.ecsActions.stopTask({
        cluster: 'cruddur-staging',
        service: 'backend-flask',
        task,
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: `Task ${task.slice(0, 12)} belongs to no service, not backend-flask.`,
      },
    });
    expect(await actions.ecsActions.stopTask({ cluster: 'cruddur-staging', task })).toMatchObject({
      ok: true,
      message: `Task ${task.slice(0, 12)} is stopping.`,
    });
  });

  it('a task the cluster does not have is not found, and nothing is stopped', async () => {
    await berth.resetStats();
    const task = 'f'.repeat(32);
    expect(await actions.ecsActions.stopTask({ cluster: 'cruddur-staging', task })).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: `Task ${task} is not a task of cluster cruddur-staging.`,
      },
    });
    expect((await berth.stats()).calls['ecs:StopTask']).toBeUndefined();
  });
});

describe('changes that fail part way', () => {
  it('scale: the range it moved is named before the desired count that failed', async () => {
    await harness.withFaults({ deny: ['ecs:UpdateService'] }, async () => {
      expect(
        await actions.ecsActions.scale({
          cluster: 'cruddur',
          service: 'backend-flask',
          desiredCount: '3',
          minCapacity: '2',
          maxCapacity: '5',
        }),
      ).toEqual({
        ok: false,
        error: {
          code: 'access-denied',
          message: `Auto scaling range of backend-flask set to 2–5 tasks; setting the desired count failed: ${DENIED('ecs:UpdateService')}`,
          hint: 'Grant ecs:UpdateService to the role Berth runs as.',
        },
      });
    });
  });

  it('register and deploy: the revision registered is named before the deploy that failed', async () => {
    const registration = JSON.stringify({
      family: 'partly',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27', essential: true, memory: 128 }],
    });
    await harness.withFaults({ deny: ['ecs:UpdateService'] }, async () => {
      const result = await actions.registerAndDeploy({
        cluster: 'cruddur',
        service: 'frontend-react-js',
        json: registration,
      });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'access-denied',
          message: `Registered partly:1; deploying it failed: ${DENIED('ecs:UpdateService')}`,
          hint: 'Grant ecs:UpdateService to the role Berth runs as.',
        },
      });
    });
  });
});

describe('a registration that does not pass the checks', () => {
  it('counts its problems and names each by its path and line', async () => {
    const json = JSON.stringify(
      { family: 'bad one', containerDefinitions: [{ name: 'web', essential: true, memory: 128 }] },
      null,
      2,
    );
    expect(await actions.registerTaskDefinition({ json })).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message:
          '2 problems in the task definition: family (line 2): family is 1-255 letters, digits, hyphens and underscores. containerDefinitions[0].image (line 4): Every container needs an image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2.',
      },
    });
  });

  it('one problem of the JSON itself is named as the JSON', async () => {
    expect(await actions.registerTaskDefinition({ json: '{"family": ' })).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message:
          'A problem in the task definition: JSON (line 1): Invalid JSON at line 1, column 12: a value is expected (trailing comma, or a missing value?).',
      },
    });
  });
});
