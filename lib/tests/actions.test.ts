/**
 * Every action through lib/actions against the sandbox: bad input and refused targets get a
 * clear message and change nothing (the sandbox sees no write, not even an audit line);
 * accepted ones change ECS and are audited to CloudWatch Logs.
 */
import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Actions from '../actions/ecs-actions';
import type * as Audit from '../aws/audit';
import { editDraft } from '../ecs/revision-draft';
import { configure, setupBerth, startRollout } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
const { harness } = berth;
let actions: typeof Actions.ecsActions & { register: typeof Actions.registerTaskDefinition };
let readAudit: typeof Audit.readAudit;
let registerAndDeploy: typeof Actions.registerAndDeploy;

const WRITES =
  /UpdateService|UpdateClusterSettings|StopTask|StopServiceDeployment|PutLogEvents|CreateLogGroup|CreateLogStream/;

async function writesSince(): Promise<string[]> {
  const { calls } = await berth.stats();
  return Object.keys(calls).filter((op) => WRITES.test(op));
}

beforeAll(async () => {
  const loaded = await import('../actions/ecs-actions');
  actions = { ...loaded.ecsActions, register: loaded.registerTaskDefinition };
  registerAndDeploy = loaded.registerAndDeploy;
  ({ readAudit } = await import('../aws/audit'));
});

afterEach(() => configure({ BERTH_READ_ONLY: undefined, BERTH_CLUSTERS: undefined }));

describe('refused: a clear message, and nothing changes', () => {
  it.each<[string, () => Promise<unknown>, Record<string, string | undefined>, object]>([
    [
      'unknown cluster',
      () => actions.redeploy({ cluster: 'nope', service: 'backend-flask' }),
      {},
      { code: 'not-found', message: 'Cluster nope does not exist in this region.' },
    ],
    [
      'unknown service',
      () => actions.redeploy({ cluster: 'cruddur', service: 'ghost' }),
      {},
      { code: 'not-found', message: 'Service ghost is not an active service of cluster cruddur.' },
    ],
    [
      'negative desired count',
      () => actions.scale({ cluster: 'cruddur', service: 'backend-flask', desiredCount: '-1' }),
      {},
      {
        code: 'invalid',
        message: 'Desired count cannot be negative.',
        fieldErrors: { desiredCount: ['Desired count cannot be negative.'] },
      },
    ],
    [
      'desired count over the bound',
      () => actions.scale({ cluster: 'cruddur', service: 'backend-flask', desiredCount: '101' }),
      {},
      { code: 'invalid', message: 'Desired count can be at most 100 (BERTH_MAX_DESIRED_COUNT).' },
    ],
    [
      'not a number',
      () => actions.scale({ cluster: 'cruddur', service: 'backend-flask', desiredCount: 'lots' }),
      {},
      { code: 'invalid', message: 'Desired count must be a whole number from 0 to 100.' },
    ],
    [
      'service outside the allow-list',
      () => actions.redeploy({ cluster: 'cruddur-staging', service: 'backend-flask' }),
      { BERTH_CLUSTERS: 'cruddur' },
      {
        code: 'forbidden',
        message: 'Berth may not change cluster cruddur-staging: it is not in BERTH_CLUSTERS.',
      },
    ],
    [
      'read-only mode',
      () => actions.redeploy({ cluster: 'cruddur', service: 'backend-flask' }),
      { BERTH_READ_ONLY: '1' },
      {
        code: 'read-only',
        message: 'Berth is running read-only (BERTH_READ_ONLY=1): it changes nothing.',
      },
    ],
    [
      'a name with shell characters',
      () => actions.redeploy({ cluster: 'cruddur; rm -rf /', service: 'backend-flask' }),
      {},
      {
        code: 'invalid',
        message: 'Cluster names are 1-255 letters, digits, hyphens and underscores.',
      },
    ],
    [
      'bad Container Insights value',
      () => actions.setContainerInsights({ cluster: 'cruddur', value: 'on' }),
      {},
      { code: 'invalid', message: 'Container Insights is enhanced, enabled or disabled.' },
    ],
    [
      'rollback to something that is not a revision',
      () =>
        actions.rollback({
          cluster: 'cruddur',
          service: 'backend-flask',
          taskDefinition: 'latest',
        }),
      {},
      { code: 'invalid', message: 'Give a task definition as family:revision or its ARN.' },
    ],
  ])('%s', async (_, act, vars, error) => {
    configure(vars);
    const before = (
      await harness.ecs.send(
        new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
      )
    ).services?.[0];
    await berth.resetStats();
    const result = await act();
    expect(result).toEqual({ ok: false, error: expect.objectContaining(error) as unknown });
    expect(await writesSince()).toEqual([]);
    const after = (
      await harness.ecs.send(
        new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
      )
    ).services?.[0];
    expect(after?.deployments?.map((d) => d.id)).toEqual(before?.deployments?.map((d) => d.id));
    expect(after?.desiredCount).toBe(before?.desiredCount);
  });
});

describe('accepted: ECS changes and the audit trail has it', () => {
  it('redeploys, returning the new deployment id, and audits who, what, input, result, request id', async () => {
    const result = await actions.redeploy({ cluster: 'cruddur', service: 'frontend-react-js' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.deploymentId).toMatch(/^ecs-svc\/\d{19}$/);
    expect(result.message).toBe(
      `Redeploy of frontend-react-js started: deployment ${result.deploymentId}.`,
    );
    const { services = [] } = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['frontend-react-js'] }),
    );
    expect(services[0]?.deployments?.[0]).toMatchObject({
      id: result.deploymentId,
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
    });

    const audit = await readAudit('cruddur', 'frontend-react-js');
    expect(audit.data[0]).toMatchObject({
      caller: 'local',
      action: 'redeploy',
      cluster: 'cruddur',
      service: 'frontend-react-js',
      input: { cluster: 'cruddur', service: 'frontend-react-js' },
      outcome: 'ok',
      deploymentId: result.deploymentId,
      requestId: result.requestId,
    });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('scales, sets Container Insights, applies exec, stops a task', async () => {
    expect(
      await actions.scale({
        cluster: 'cruddur-staging',
        service: 'notifications-worker',
        desiredCount: '2',
      }),
    ).toMatchObject({
      ok: true,
      message: 'Desired count of notifications-worker set to 2.',
    });
    expect(
      await actions.setContainerInsights({ cluster: 'cruddur-staging', value: 'enhanced' }),
    ).toMatchObject({ ok: true });
    const exec = await actions.applyExec({
      cluster: 'cruddur-staging',
      service: 'backend-flask',
      enable: 'true',
    });
    expect(exec).toMatchObject({
      ok: true,
      deploymentId: expect.stringMatching(/^ecs-svc\//) as unknown,
    });
    const { services = [] } = await harness.ecs.send(
      new DescribeServicesCommand({
        cluster: 'cruddur-staging',
        services: ['backend-flask', 'notifications-worker'],
      }),
    );
    expect(services.map((s) => [s.serviceName, s.enableExecuteCommand, s.desiredCount])).toEqual([
      ['backend-flask', true, 2],
      ['notifications-worker', false, 2],
    ]);
  });

  it('scales outside the auto scaling range only with the range moved in the same change', async () => {
    const target = async () => {
      const { ScalableTargets = [] } = await harness.scaling.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: 'ecs',
          ResourceIds: ['service/cruddur/backend-flask'],
        }),
      );
      return ScalableTargets.map((t) => [t.MinCapacity, t.MaxCapacity]);
    };
    await berth.resetStats();
    const result = await actions.scale({
      cluster: 'cruddur',
      service: 'backend-flask',
      desiredCount: '6',
      // A minimum of 6: with less, the seed's AlarmLow (CPU far under target) scales in again.
      minCapacity: '6',
      maxCapacity: '6',
    });
    expect(result).toMatchObject({
      ok: true,
      message: 'Auto scaling range of backend-flask set to 6–6 tasks; desired count set to 6.',
    });
    expect(await target()).toEqual([[6, 6]]);
    const { calls } = await berth.stats();
    expect([
      calls['application-autoscaling:RegisterScalableTarget'],
      calls['ecs:UpdateService'],
    ]).toEqual([1, 1]);
    const { services = [] } = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
    );
    expect(services[0]?.desiredCount).toBe(6);
    const audit = await readAudit('cruddur', 'backend-flask');
    expect(audit.data[0]).toMatchObject({
      action: 'scale',
      outcome: 'ok',
      input: {
        cluster: 'cruddur',
        service: 'backend-flask',
        desiredCount: 6,
        minCapacity: 6,
        maxCapacity: 6,
      },
    });

    // Refused by AWS: named for the scaling permission, and the desired count is left alone.
    await harness.withFaults(
      {
        deny: ['application-autoscaling:RegisterScalableTarget'],
      },
      async () => {
        await berth.resetStats();
        expect(
          await actions.scale({
            cluster: 'cruddur',
            service: 'backend-flask',
            desiredCount: '1',
            minCapacity: '1',
            maxCapacity: '4',
          }),
        ).toEqual({
          ok: false,
          error: {
            code: 'access-denied',
            message:
              'AWS refused application-autoscaling:RegisterScalableTarget: the credentials Berth runs with need this IAM permission.',
            hint: 'Grant application-autoscaling:RegisterScalableTarget to the role Berth runs as.',
          },
        });
        expect((await berth.stats()).calls['ecs:UpdateService']).toBeUndefined();
        expect(await target()).toEqual([[6, 6]]);
      },
    );
    await actions.scale({
      cluster: 'cruddur',
      service: 'backend-flask',
      desiredCount: '1',
      minCapacity: '1',
      maxCapacity: '4',
    });
    expect(await target()).toEqual([[1, 4]]);
  });

  it('stops a failing rollout and rolls back (StopServiceDeployment ROLLBACK)', async () => {
    const arn = await startRollout(harness, 'cruddur', 'backend-flask', 'backend-flask:1');
    const result = await actions.stopRollout({
      cluster: 'cruddur',
      service: 'backend-flask',
      serviceDeploymentArn: arn,
    });
    expect(result).toMatchObject({
      ok: true,
      message:
        'Stopping the rollout of backend-flask: ECS is rolling back to the last successful revision.',
    });
    const { services = [] } = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
    );
    expect(services[0]?.taskDefinition).toMatch(/backend-flask:2$/);
    // A second stop of the same deployment is a conflict ECS reports, passed on as such.
    const again = await actions.stopRollout({
      cluster: 'cruddur',
      service: 'backend-flask',
      serviceDeploymentArn: arn,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('turns an AWS refusal into an actionable error, and audits the attempt', async () => {
    await harness.withFaults({ deny: ['ecs:UpdateService'] }, async () => {
      const result = await actions.redeploy({ cluster: 'cruddur', service: 'backend-flask' });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'access-denied',
          message:
            'AWS refused ecs:UpdateService: the credentials Berth runs with need this IAM permission.',
          hint: 'Grant ecs:UpdateService to the role Berth runs as.',
        },
      });
      const audit = await readAudit('cruddur', 'backend-flask');
      expect(audit.data[0]).toMatchObject({ action: 'redeploy', outcome: 'error' });
    });
  });
});

describe('task definitions and images', () => {
  it('refuses invalid JSON server-side, whatever the form did, and registers nothing', async () => {
    await berth.resetStats();
    const result = await actions.register({ json: '{"family": "x", "containerDefinitions": []}' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid',
        message: expect.stringContaining(
          'containerDefinitions needs at least one container.',
        ) as unknown,
      },
    });
    expect(Object.keys((await berth.stats()).calls)).toEqual([]);
  });

  it('refuses the masked JSON view pasted back, and RegisterTaskDefinition is never called', async () => {
    const { getTaskDefinition } = await import('../aws/ecs');
    const { maskedRegistrationJson } = await import('../views/task-definitions');
    const masked = maskedRegistrationJson(await getTaskDefinition('backend-flask:2'));
    expect(masked).not.toContain('hcaik_');
    await berth.resetStats();
    const result = await actions.register({ json: masked });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid',
        message: expect.stringContaining(
          'HONEYCOMB_API_KEY holds Berth\'s mask (••••••), not its value: reveal the value and paste it, type it again, or move it to "secrets" (Secrets Manager or Parameter Store).',
        ) as unknown,
      },
    });
    expect((await berth.stats()).calls['ecs:RegisterTaskDefinition']).toBeUndefined();
  });

  it('shows a changed secret in the check’s diff and the compare view by fingerprint, never by value', async () => {
    const { getTaskDefinition } = await import('../aws/ecs');
    const { previewTaskDefinition } = await import('../actions/preview-task-definition');
    const { getFamilyView } = await import('../views/task-definitions');
    const current = await getTaskDefinition('backend-flask:2');
    const rotated = JSON.parse(
      JSON.stringify(current.registration).replace(
        'hcaik_01hsandboxnotarealkey0000000000',
        'hcaik_rotated',
      ),
    ) as Record<string, unknown>;
    const preview = await previewTaskDefinition({ json: JSON.stringify(rotated) });
    if (!preview.ok) throw new Error(preview.message ?? 'no preview');
    expect(preview.diff).not.toContain('hcaik_');
    const changed = preview.diff
      .split('\n')
      .filter((line) => /^[-+] /.test(line))
      .map((line) => line.replace(/#[0-9a-f]{6}/, '#……'));
    expect(changed).toEqual([
      '-          "value": "•••••• #……"',
      '+          "value": "•••••• #……"',
    ]);

    const registered = await actions.register({ json: JSON.stringify(rotated) });
    expect(registered).toMatchObject({ ok: true });
    // The roll back form's diffs too.
    const { getHistoryView } = await import('../views/history');
    const history = await getHistoryView('cruddur', 'backend-flask');
    if (!history.ok || !history.data) throw new Error('no history');
    const toRotated = history.data.rollbackOptions.find((o) => o.label === 'backend-flask:3');
    expect(toRotated?.diff).toMatch(/\n\+ {10}"value": "•••••• #[0-9a-f]{6}"/);
    expect(JSON.stringify(history.data.rollbackOptions)).not.toContain('hcaik_');
    const family = await getFamilyView('backend-flask', [2, 3]);
    if (!family.ok || !family.data?.compare) throw new Error('no comparison');
    const rows = family.data.compare.rows;
    expect(JSON.stringify(rows)).not.toContain('hcaik_');
    const differing = rows.filter((r) => r.kind !== 'same');
    expect(differing).toHaveLength(1);
    expect(differing[0]?.kind).toBe('changed');
    expect(differing[0]?.left).toMatch(/^\s+"value": "•••••• #[0-9a-f]{6}",?$/);
    expect(differing[0]?.left).not.toBe(differing[0]?.right);
  });

  it('reveals one masked value on request, audits who asked for which, never the value', async () => {
    const { revealSecretValue } = await import('../actions/reveal-secret');
    const { getTaskDefinition } = await import('../aws/ecs');
    const arn = (await getTaskDefinition('backend-flask:2')).arn;
    const ask = (extra: Record<string, unknown> = {}) =>
      revealSecretValue({
        taskDefinition: arn,
        container: 'backend-flask',
        name: 'HONEYCOMB_API_KEY',
        ...extra,
      });
    expect(await ask()).toEqual({
      ok: true,
      message: 'Revealed HONEYCOMB_API_KEY of backend-flask in backend-flask:2.',
      revealed: 'hcaik_01hsandboxnotarealkey0000000000',
    });
    const { events = [] } = await harness.logs.send(
      new FilterLogEventsCommand({ logGroupName: '/berth/audit' }),
    );
    const lines = events.map((e) => e.message ?? '').filter((m) => m.includes('reveal-secret'));
    expect(lines.join('\n')).not.toContain('hcaik_');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        action: 'reveal-secret',
        caller: 'local',
        outcome: 'started',
        input: { taskDefinition: arn, container: 'backend-flask', name: 'HONEYCOMB_API_KEY' },
      }),
      expect.objectContaining({
        action: 'reveal-secret',
        outcome: 'ok',
        message: 'Revealed HONEYCOMB_API_KEY of backend-flask in backend-flask:2.',
      }),
    ]);

    expect(await ask({ name: 'FRONTEND_URL' })).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: 'backend-flask:2 has no masked variable FRONTEND_URL in container backend-flask.',
      },
    });
    expect(await ask({ taskDefinition: 'backend-flask:2' })).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'backend-flask:2 is not a task definition ARN.' },
    });
    // Anything but a task definition revision's ARN is refused before AWS is asked.
    const prefix = arn.slice(0, arn.indexOf(':task-definition/'));
    for (const other of [
      `${prefix}:service/cruddur/backend-flask`,
      `${prefix}:task-definition/backend-flask`,
      `${prefix}:task-definition/team/backend-flask:2`,
      // Shaped to pass the revision check alone: another resource type, a deeper path.
      `${prefix}:service/backend-flask:2`,
      `${prefix}:task-definition/backend-flask:2/backend-flask:2`,
    ]) {
      expect(await ask({ taskDefinition: other })).toEqual({
        ok: false,
        error: { code: 'invalid', message: `${other} is not a task definition ARN.` },
      });
    }
    for (const container of ['!backend-flask', 'backend-flask!', 'backend flask']) {
      expect(await ask({ container })).toMatchObject({
        ok: false,
        error: { code: 'invalid', message: 'That is not a container name.' },
      });
    }
    // AWS's refusal names the action's own IAM permission (a revision never read: not cached).
    await harness.withFaults({ deny: ['ecs:DescribeTaskDefinition'] }, async () => {
      expect(await ask({ taskDefinition: arn.replace(/:2$/, ':99') })).toEqual({
        ok: false,
        error: {
          code: 'access-denied',
          message:
            'AWS refused ecs:DescribeTaskDefinition: the credentials Berth runs with need this IAM permission.',
          hint: 'Grant ecs:DescribeTaskDefinition to the role Berth runs as.',
        },
      });
    });
    // The revision's family is the target: with an allow-list, a family only other clusters
    // run is out of reach.
    configure({ BERTH_CLUSTERS: 'cruddur-staging' });
    try {
      expect(await ask()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      configure({ BERTH_CLUSTERS: undefined });
    }
    expect(await ask({ extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    configure({ BERTH_READ_ONLY: '1' });
    try {
      expect(await ask()).toMatchObject({ ok: false, error: { code: 'read-only' } });
    } finally {
      configure({ BERTH_READ_ONLY: undefined });
    }
  });

  it('registers and deploys an editor draft: a masked secret left alone is kept, never sent out', async () => {
    const { getDraftSourceView } = await import('../views/task-definitions');
    const { previewTaskDefinition } = await import('../actions/preview-task-definition');
    const source = await getDraftSourceView('backend-flask:2');
    if (!source.ok || !source.data) throw new Error('no draft source');
    expect(source.data.label).toBe('backend-flask:2');
    expect(source.data.json).not.toContain('hcaik_');
    expect(source.data.json).toContain('"name": "HONEYCOMB_API_KEY",\n          "value": "••••••"');
    // What the form does: edits in place.
    let json = editDraft(
      source.data.json,
      ['containerDefinitions', 1, 'image'],
      'backend-flask:v2',
    );
    json = editDraft(
      json,
      ['containerDefinitions', 1, 'environment', 4, 'value'],
      'https://new.example',
    );
    const input = { json, basedOn: source.data.arn };

    const preview = await previewTaskDefinition(input);
    if (!preview.ok) throw new Error(preview.message ?? 'no preview');
    // Against the latest revision, :3, whose key an earlier test rotated: the kept key differs
    // from it, and the diff says so by fingerprint only.
    expect(preview.latest).toBe('backend-flask:3');
    expect(
      preview.diff
        .split('\n')
        .filter((line) => /^[-+] /.test(line))
        .map((line) => line.replace(/#[0-9a-f]{6}/, '#……')),
    ).toEqual([
      '-      "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/backend-flask:latest",',
      '+      "image": "backend-flask:v2",',
      '-          "value": "https://cruddur.example.com"',
      '+          "value": "https://new.example"',
      '-          "value": "•••••• #……"',
      '+          "value": "•••••• #……"',
    ]);

    await berth.resetStats();
    const result = await registerAndDeploy({
      ...input,
      cluster: 'cruddur',
      service: 'backend-flask',
    });
    expect(result).toMatchObject({
      ok: true,
      message: expect.stringMatching(
        /^Registered backend-flask:4 and started deploying it to backend-flask: deployment ecs-svc\/\d{19}\.$/,
      ) as unknown,
      href: '/clusters/cruddur/services/backend-flask',
    });
    const { calls } = await berth.stats();
    expect([calls['ecs:RegisterTaskDefinition'], calls['ecs:UpdateService']]).toEqual([1, 1]);
    const { taskDefinition: before } = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:2' }),
    );
    const { taskDefinition: after } = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:4' }),
    );
    const flask = after?.containerDefinitions?.[1];
    expect(flask?.environment?.find((e) => e.name === 'HONEYCOMB_API_KEY')?.value).toBe(
      'hcaik_01hsandboxnotarealkey0000000000',
    );
    expect(flask?.image).toBe('backend-flask:v2');
    expect(flask?.environment?.find((e) => e.name === 'FRONTEND_URL')?.value).toBe(
      'https://new.example',
    );
    const unchanged = (c: typeof flask) => ({
      ...c,
      image: '',
      environment: c?.environment?.filter((e) => e.name !== 'FRONTEND_URL'),
    });
    expect(unchanged(flask)).toEqual(unchanged(before?.containerDefinitions?.[1]));
    expect(after?.containerDefinitions?.[0]).toEqual(before?.containerDefinitions?.[0]);
    const { services = [] } = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
    );
    expect(services[0]?.taskDefinition).toBe(after?.taskDefinitionArn);
    const { events = [] } = await harness.logs.send(
      new FilterLogEventsCommand({ logGroupName: '/berth/audit' }),
    );
    const lines = events
      .map((e) => e.message ?? '')
      .filter((m) => m.includes('register-and-deploy'));
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('hcaik_');
  });

  it('refuses a draft for a cluster outside BERTH_CLUSTERS, or with a mask it cannot restore, and registers nothing', async () => {
    const { getDraftSourceView } = await import('../views/task-definitions');
    const source = await getDraftSourceView('backend-flask:2');
    if (!source.ok || !source.data) throw new Error('no draft source');
    const renamed = source.data.json.replace('"HONEYCOMB_API_KEY"', '"HONEYCOMB_KEY"');
    const maskLine = renamed.split('\n').findIndex((line) => line.includes('"••••••"')) + 1;
    expect(maskLine).toBeGreaterThan(1);
    await berth.resetStats();
    expect(
      await registerAndDeploy({
        json: renamed,
        basedOn: source.data.arn,
        cluster: 'cruddur',
        service: 'backend-flask',
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: `A problem in the task definition: containerDefinitions[1].environment[7].value (line ${maskLine}): HONEYCOMB_KEY holds Berth's mask (••••••), not its value: reveal the value and paste it, type it again, or move it to "secrets" (Secrets Manager or Parameter Store).`,
      },
    });
    configure({ BERTH_CLUSTERS: 'cruddur-staging' });
    expect(
      await registerAndDeploy({
        json: source.data.json,
        basedOn: source.data.arn,
        cluster: 'cruddur',
        service: 'backend-flask',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await berth.stats()).calls['ecs:RegisterTaskDefinition']).toBeUndefined();
    expect((await berth.stats()).calls['ecs:UpdateService']).toBeUndefined();
  });

  it('refuses a draft whose revision it started from cannot be read, and registers nothing', async () => {
    const { getDraftSourceView } = await import('../views/task-definitions');
    const source = await getDraftSourceView('backend-flask:2');
    if (!source.ok || !source.data) throw new Error('no draft source');
    const draft = { json: source.data.json, basedOn: source.data.arn.replace(/:2$/, ':99') };
    const refused = (why: string) => ({
      ok: false,
      error: {
        code: 'invalid',
        message: `The revision this draft started from could not be read to keep its secret values: ${why}`,
      },
    });
    await berth.resetStats();
    expect(await actions.register(draft)).toEqual(refused('Unable to describe task definition.'));
    await harness.withFaults({ deny: ['ecs:DescribeTaskDefinition'] }, async () => {
      expect(await actions.register(draft)).toEqual(
        refused(
          'AWS refused ecs:DescribeTaskDefinition: the credentials Berth runs with need this IAM permission.',
        ),
      );
    });
    expect((await berth.stats()).calls['ecs:RegisterTaskDefinition']).toBeUndefined();
  });

  it('deploys a new image as a new revision with only that image changed', async () => {
    const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/frontend-react-js:v1';
    const result = await actions.deployImage({
      cluster: 'cruddur',
      service: 'frontend-react-js',
      container: 'frontend-react-js',
      image,
    });
    expect(result).toMatchObject({
      ok: true,
      message: expect.stringMatching(
        /^Registered frontend-react-js:2 with frontend-react-js on .*:v1; deployment ecs-svc\/\d{19} started\.$/,
      ) as unknown,
    });
    const { taskDefinition } = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'frontend-react-js:2' }),
    );
    const { taskDefinition: before } = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'frontend-react-js:1' }),
    );
    expect(taskDefinition?.containerDefinitions?.[0]?.image).toBe(image);
    expect({ ...taskDefinition?.containerDefinitions?.[0], image: '' }).toEqual({
      ...before?.containerDefinitions?.[0],
      image: '',
    });
  });

  it('says so when the container does not exist', async () => {
    const result = await actions.deployImage({
      cluster: 'cruddur',
      service: 'frontend-react-js',
      container: 'nginx',
      image: 'nginx:1.27',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'The task definition has no container named nginx.' },
    });
  });
});
