/**
 * Roles per cluster, end to end through the real actions and the sandbox: BERTH_AUTH=proxy with
 * a policy file. next/headers is the one thing stood in for (there is no request in a unit
 * test); the identity, policy, guard, actions and AWS calls are all real.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Actions from '../actions/ecs-actions';
import { configure, setupBerth } from './setup-berth';

const request = { headers: new Headers() };
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(request.headers) }));

const SECRET = 'p'.repeat(40);
const POLICY = `
roles:
  viewer: { actions: [] }
  developer: { actions: [redeploy, scale, logs], clusters: ["*-staging"] }
  admin: { actions: ["*"], clusters: ["*"] }
bindings:
  - { group: platform-team, role: admin }
  - { user: dev@example.com, role: developer }
default: viewer
`;

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
let actions: typeof Actions.ecsActions;

function signIn(email: string | undefined, groups = '', secret = SECRET) {
  request.headers = new Headers({
    'x-berth-proxy-secret': secret,
    'user-agent': 'vitest',
    ...(email ? { 'x-forwarded-email': email } : {}),
    ...(groups ? { 'x-forwarded-groups': groups } : {}),
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-policy-'));
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  configure({
    BERTH_AUTH: 'proxy',
    BERTH_PROXY_SECRET: SECRET,
    BERTH_POLICY_FILE: join(dir, 'policy.yaml'),
  });
  actions = (await import('../actions/ecs-actions')).ecsActions;
});

afterAll(() =>
  configure({ BERTH_AUTH: undefined, BERTH_PROXY_SECRET: undefined, BERTH_POLICY_FILE: undefined }),
);

const DEV = 'dev@example.com';
const OPS = 'ops@example.com';
const NOBODY = 'someone@example.com';

describe('role × action × cluster', () => {
  it.each([
    [DEV, '', 'redeploy', 'cruddur-staging', 'ok'],
    [DEV, '', 'redeploy', 'cruddur', 'forbidden'],
    [DEV, '', 'scale', 'cruddur-staging', 'ok'],
    [DEV, '', 'apply-exec', 'cruddur-staging', 'forbidden'],
    [NOBODY, '', 'redeploy', 'cruddur-staging', 'forbidden'],
    [NOBODY, 'platform-team', 'redeploy', 'cruddur', 'ok'],
    [OPS, 'platform-team', 'scale', 'cruddur', 'ok'],
    [undefined, '', 'redeploy', 'cruddur-staging', 'unauthenticated'],
  ] as const)('%s (%s) %s on %s -> %s', async (email, groups, action, cluster, outcome) => {
    signIn(email, groups);
    await berth.resetStats();
    const input = { cluster, service: 'backend-flask' };
    const result =
      action === 'scale'
        ? await actions.scale({ ...input, desiredCount: '1' })
        : action === 'apply-exec'
          ? await actions.applyExec({ ...input, enable: 'true' })
          : await actions.redeploy(input);
    const { calls, total } = await berth.stats();
    if (outcome === 'ok') {
      expect(result).toMatchObject({ ok: true });
      expect(calls['ecs:UpdateService']).toBe(1);
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: outcome } });
      // Refused before anything is read or changed: not one AWS call.
      expect(total).toBe(0);
    }
  });

  it('names the role and the cluster in a refusal', async () => {
    signIn(DEV);
    expect(await actions.redeploy({ cluster: 'cruddur', service: 'backend-flask' })).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'Role developer (dev@example.com) does not have "redeploy" on cluster cruddur: its clusters are *-staging.',
        hint: 'Ask an admin of Berth for a role that allows it.',
      },
    });
  });

  it('believes no identity without the proxy secret', async () => {
    signIn(OPS, 'platform-team', 'x'.repeat(40));
    await berth.resetStats();
    expect(await actions.redeploy({ cluster: 'cruddur', service: 'backend-flask' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect((await berth.stats()).total).toBe(0);
  });
});

describe('the audit trail names the person', () => {
  it('writes who, by which sign-in, in which role, from where', async () => {
    signIn(DEV);
    const result = await actions.redeploy({
      cluster: 'cruddur-staging',
      service: 'backend-flask',
    });
    expect(result).toMatchObject({ ok: true });
    const { events = [] } = await berth.harness.logs.send(
      new FilterLogEventsCommand({ logGroupName: '/berth/audit' }),
    );
    const lines = events
      .map((e) => JSON.parse(e.message ?? '{}') as Record<string, unknown>)
      .filter((line) => line.cluster === 'cruddur-staging' && line.action === 'redeploy');
    expect(lines.slice(-2).map((l) => [l.caller, l.auth, l.role, l.userAgent, l.outcome])).toEqual([
      [DEV, 'proxy', 'developer', 'vitest', 'started'],
      [DEV, 'proxy', 'developer', 'vitest', 'ok'],
    ]);
  });
});

describe('what the pages offer', () => {
  it('shows changes only where the role has some, and each button only for its action', async () => {
    const { mayChange } = await import('../auth/guard');
    const here = (await import('../targets/place')).defaultPlace();
    const dev = { id: DEV, groups: [], mode: 'proxy' as const };
    const viewer = { id: NOBODY, groups: [], mode: 'proxy' as const };
    expect([
      mayChange(dev, here, 'cruddur-staging'),
      mayChange(dev, here, 'cruddur'),
      mayChange(dev, here, 'cruddur-staging', 'redeploy'),
      mayChange(dev, here, 'cruddur-staging', 'apply-exec'),
      mayChange(viewer, here, 'cruddur-staging'),
      mayChange(undefined, here, 'cruddur-staging'),
    ]).toEqual([true, false, true, false, false, false]);
  });

  it('says why a page offers no changes: the guard’s own refusal for the person', async () => {
    const { whyNoChanges } = await import('../auth/guard');
    const here = (await import('../targets/place')).defaultPlace();
    const dev = { id: DEV, groups: [], mode: 'proxy' as const };
    expect(whyNoChanges(dev, here, 'cruddur-staging')).toBeUndefined();
    expect(whyNoChanges(dev, here, 'cruddur')).toBe(
      'Role developer (dev@example.com) does not have "redeploy" on cluster cruddur: its clusters are *-staging.',
    );
    expect(whyNoChanges({ id: NOBODY, groups: [], mode: 'proxy' }, here, 'cruddur')).toBe(
      'Role viewer (someone@example.com) does not have "redeploy".',
    );
    expect(whyNoChanges(undefined, here, 'cruddur')).toBe(
      'Berth does not know who you are: sign in through the proxy in front of it.',
    );
  });

  it('shows the service page a developer opens on production without its actions', async () => {
    signIn(DEV);
    const { getServiceView } = await import('../views/service');
    const production = await getServiceView('cruddur', 'backend-flask');
    const staging = await getServiceView('cruddur-staging', 'backend-flask');
    // A failed read must not pass for "no actions": both views are read, then compared.
    if (!production.ok || !production.data || !staging.ok || !staging.data) {
      throw new Error('both service views should read');
    }
    expect([production.data.canChange, staging.data.canChange]).toEqual([false, true]);
  });
});

describe('the /audit query', () => {
  it('narrows every action across clusters by person, cluster and action', async () => {
    const { readRecentAudit } = await import('../aws/audit');
    const summary = (entries: { caller: string; cluster?: string; action: string }[]) =>
      entries.map((e) => `${e.caller} ${e.action} ${e.cluster ?? ''}`).sort();
    // What this file did that succeeded or failed after the guard let it through.
    const all = (await readRecentAudit({})).data;
    expect(all.every((e) => e.outcome !== 'started')).toBe(true);
    const dev = (await readRecentAudit({ caller: DEV })).data;
    expect(summary(dev)).toEqual([
      `${DEV} redeploy cruddur-staging`,
      `${DEV} redeploy cruddur-staging`,
      `${DEV} scale cruddur-staging`,
    ]);
    expect(summary((await readRecentAudit({ cluster: 'cruddur' })).data)).toEqual([
      `${OPS} scale cruddur`,
      `${NOBODY} redeploy cruddur`,
    ]);
    expect(summary((await readRecentAudit({ action: 'scale', cluster: 'cruddur' })).data)).toEqual([
      `${OPS} scale cruddur`,
    ]);
    expect(all).toHaveLength(5);
    expect((await readRecentAudit({ caller: 'nobody@example.com' })).data).toEqual([]);
  });
});
