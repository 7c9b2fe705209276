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
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Actions from './ecs-actions';
import { configure, setupBerth } from '../tests/setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
const { harness } = berth;
let actions: typeof Actions;

beforeAll(async () => {
  actions = await import('./ecs-actions');
});

afterEach(() => configure({ BERTH_CLUSTERS: undefined }));

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
    // Named with the service it belongs to, as the service page sends it.
    expect(
      await actions.ecsActions.stopTask({
        cluster: 'cruddur-staging',
        service: 'backend-flask',
        task: first,
        reason: 'stuck on a lock',
      }),
    ).toMatchObject({
      ok: true,
      message: `Task ${first.slice(0, 12)} is stopping; backend-flask will replace it.`,
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

/** A Fargate revision of `family` that a Fargate service can run. */
const fargate = (family: string) =>
  JSON.stringify({
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'nginx:1.27', essential: true }],
  });

/**
 * A service deployment of cruddur/backend-flask. What is checked before AWS is asked comes from
 * the ARN alone, so no rollout is started (one that finished in the meantime would leave none).
 */
const DEPLOYMENT_OF_BACKEND =
  'arn:aws:ecs:us-east-1:123456789012:service-deployment/cruddur/backend-flask/abcdefghijklmnopqrstu';

const throttled = (action: string) =>
  `AWS is throttling ${action} and retries did not get through. Try again in a moment.`;

describe('an AWS call that kept being throttled is named by the action’s own IAM permission', () => {
  const registration = fargate('throttled');
  const deployImage = () =>
    actions.ecsActions.deployImage({
      cluster: 'cruddur',
      service: 'frontend-react-js',
      container: 'frontend-react-js',
      image: 'nginx:1.27',
    });
  /** The whole message, escaped, as a pattern: a revision number is `\d+`. */
  const exactly = (text: string) =>
    new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('REVISION', '\\d+')}$`);
  it.each<[string, string, () => Promise<unknown>, string]>([
    [
      'redeploy',
      'ecs:UpdateService',
      () => actions.ecsActions.redeploy({ cluster: 'cruddur', service: 'backend-flask' }),
      throttled('ecs:UpdateService'),
    ],
    [
      'deploy',
      'ecs:UpdateService',
      () =>
        actions.ecsActions.deploy({
          cluster: 'cruddur',
          service: 'backend-flask',
          taskDefinition: 'backend-flask:1',
        }),
      throttled('ecs:UpdateService'),
    ],
    [
      'scale',
      'ecs:UpdateService',
      () =>
        actions.ecsActions.scale({
          cluster: 'cruddur',
          service: 'backend-flask',
          desiredCount: '2',
        }),
      throttled('ecs:UpdateService'),
    ],
    [
      'scale with a range',
      'ecs:UpdateService',
      () =>
        actions.ecsActions.scale({
          cluster: 'cruddur',
          service: 'backend-flask',
          desiredCount: '2',
          minCapacity: '1',
          maxCapacity: '4',
        }),
      `Auto scaling range of backend-flask set to 1–4 tasks; setting the desired count failed: ${throttled('ecs:UpdateService')}`,
    ],
    [
      'container-insights',
      'ecs:UpdateClusterSettings',
      () => actions.ecsActions.setContainerInsights({ cluster: 'cruddur', value: 'enabled' }),
      throttled('ecs:UpdateClusterSettings'),
    ],
    [
      'apply-exec',
      'ecs:UpdateService',
      () =>
        actions.ecsActions.applyExec({
          cluster: 'cruddur',
          service: 'backend-flask',
          enable: 'true',
        }),
      throttled('ecs:UpdateService'),
    ],
    [
      'deploy-image',
      'ecs:RegisterTaskDefinition',
      deployImage,
      throttled('ecs:RegisterTaskDefinition'),
    ],
    [
      'deploy-image, its deploy',
      'ecs:UpdateService',
      deployImage,
      `Registered frontend-react-js:REVISION with frontend-react-js on nginx:1.27; deploying it failed: ${throttled('ecs:UpdateService')}`,
    ],
    [
      'register-task-definition',
      'ecs:RegisterTaskDefinition',
      () => actions.registerTaskDefinition({ json: registration }),
      throttled('ecs:RegisterTaskDefinition'),
    ],
    [
      'register-and-deploy, its deploy',
      'ecs:UpdateService',
      () =>
        actions.registerAndDeploy({
          cluster: 'cruddur',
          service: 'frontend-react-js',
          json: registration,
        }),
      `Registered throttled:REVISION; deploying it failed: ${throttled('ecs:UpdateService')}`,
    ],
  ])('%s (%s throttled)', async (_, operation, act, message) => {
    const result = await harness.withFaults({ throttleRate: 1, operations: [operation] }, act);
    // No hint to grant a permission: nothing was refused, only slowed.
    expect(result).toEqual({
      ok: false,
      error: { code: 'throttled', message: expect.stringMatching(exactly(message)) as unknown },
    });
  });

  it('stop-rollout (ecs:StopServiceDeployment throttled)', async () => {
    const arn = DEPLOYMENT_OF_BACKEND;
    const result = await harness.withFaults(
      { throttleRate: 1, operations: ['ecs:StopServiceDeployment'] },
      () =>
        actions.ecsActions.stopRollout({
          cluster: 'cruddur',
          service: 'backend-flask',
          serviceDeploymentArn: arn,
        }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'throttled', message: throttled('ecs:StopServiceDeployment') },
    });
  });

  it('stop-task (ecs:StopTask throttled)', async () => {
    const task = await aTaskOf('cruddur', 'backend-flask');
    const result = await harness.withFaults({ throttleRate: 1, operations: ['ecs:StopTask'] }, () =>
      actions.ecsActions.stopTask({ cluster: 'cruddur', task }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'throttled', message: throttled('ecs:StopTask') },
    });
  });
});

describe('targets', () => {
  it('Container Insights and ECS Exec act on a cluster Berth may change, and no other', async () => {
    configure({ BERTH_CLUSTERS: 'cruddur' });
    const refused = {
      ok: false,
      error: {
        code: 'forbidden',
        message: 'Berth may not change cluster cruddur-staging: it is not in BERTH_CLUSTERS.',
      },
    };
    expect(
      await actions.ecsActions.setContainerInsights({
        cluster: 'cruddur-staging',
        value: 'enabled',
      }),
    ).toMatchObject(refused);
    expect(
      await actions.ecsActions.applyExec({
        cluster: 'cruddur-staging',
        service: 'backend-flask',
        enable: 'true',
      }),
    ).toMatchObject(refused);
  });

  it('refuses a service deployment of another service of the same cluster', async () => {
    const arn = DEPLOYMENT_OF_BACKEND;
    expect(
      await actions.ecsActions.stopRollout({
        cluster: 'cruddur',
        service: 'frontend-react-js',
        serviceDeploymentArn: arn,
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message:
          'The service deployment belongs to cruddur/backend-flask, not cruddur/frontend-react-js.',
        hint: 'Stop the rollout from the page of the service it belongs to.',
      },
    });
  });

  it('refuses a service deployment ARN of another account before asking AWS', async () => {
    await berth.resetStats();
    const arn =
      'arn:aws:ecs:us-east-1:999999999999:service-deployment/cruddur/backend-flask/abcdefghijklmnopqrstu';
    const result = await actions.ecsActions.stopRollout({
      cluster: 'cruddur',
      service: 'backend-flask',
      serviceDeploymentArn: arn,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: `${arn} is in aws us-east-1 of account 999999999999; backend-flask runs in aws us-east-1 of account 123456789012.`,
        // Not the revision hint it once gave: this ARN is a service deployment's.
        hint: 'Stop the rollout from the page of the service it belongs to.',
      },
    });
    expect((await berth.stats()).calls['ecs:StopServiceDeployment']).toBeUndefined();
  });

  it('register and deploy audits the cluster and service it deployed to', async () => {
    const marker = `audited${Date.now()}`;
    const result = await actions.registerAndDeploy({
      cluster: 'cruddur-staging',
      service: 'notifications-worker',
      json: fargate(marker),
    });
    expect(result).toMatchObject({
      ok: true,
      message: expect.stringMatching(
        new RegExp(`^Registered ${marker}:1 and started deploying it to notifications-worker: `),
      ) as unknown,
    });
    const { events = [] } = await harness.logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/berth/audit',
        filterPattern: `{ $.input.family = "${marker}" }`,
      }),
    );
    const inputs = events.map((e) => (JSON.parse(e.message ?? '{}') as { input: object }).input);
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(input).toMatchObject({
        cluster: 'cruddur-staging',
        service: 'notifications-worker',
        family: marker,
      });
    }
  });
});
