/**
 * BERTH_AUTH=oidc through the real actions and the sandbox: the sealed session cookie is the
 * identity, the policy gives the role, the audit line names the person and their subject, and
 * a request without a session Berth sealed changes nothing. next/headers is stood in for (no
 * request in a unit test); the browser sign-in itself is e2e/oidc-sign-in.spec.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Actions from '../actions/ecs-actions';
import { sealSession, SESSION_COOKIE } from '../auth/session';
import { configure, setupBerth } from './setup-berth';

const request = { headers: new Headers() };
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(request.headers) }));

const SESSION_SECRET = 'o'.repeat(40);
const OIDC_SETTINGS = {
  BERTH_AUTH: 'oidc',
  BERTH_OIDC_ISSUER: 'https://issuer.example',
  BERTH_OIDC_CLIENT_ID: 'berth',
  BERTH_SESSION_SECRET: SESSION_SECRET,
  BERTH_PUBLIC_URL: 'https://berth.example.com',
  BERTH_GROUPS_CLAIM: 'cognito:groups',
};

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
let actions: typeof Actions.ecsActions;

async function withSession(groups: string[], secret = SESSION_SECRET, lifetime = 3600) {
  const session = await sealSession(
    {
      sub: '8a1f-ops',
      email: 'ops@example.com',
      groups,
      exp: Math.floor(Date.now() / 1000) + lifetime,
    },
    secret,
  );
  request.headers = new Headers({
    cookie: `theme=dark; ${SESSION_COOKIE}=${session}`,
    'user-agent': 'vitest-oidc',
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-policy-'));
  writeFileSync(
    join(dir, 'policy.yaml'),
    'roles:\n  admin: { actions: ["*"], clusters: ["*"] }\nbindings:\n  - { group: platform-team, role: admin }\n',
  );
  configure({ ...OIDC_SETTINGS, BERTH_POLICY_FILE: join(dir, 'policy.yaml') });
  actions = (await import('../actions/ecs-actions')).ecsActions;
});

afterAll(() =>
  configure(
    Object.fromEntries(
      [...Object.keys(OIDC_SETTINGS), 'BERTH_POLICY_FILE'].map((name) => [name, undefined]),
    ),
  ),
);

describe('an OIDC session', () => {
  it('acts in the role its groups give, and the audit line names the person and subject', async () => {
    await withSession(['platform-team']);
    await berth.resetStats();
    expect(await actions.redeploy({ cluster: 'cruddur', service: 'backend-flask' })).toMatchObject({
      ok: true,
    });
    expect((await berth.stats()).calls['ecs:UpdateService']).toBe(1);
    const { events = [] } = await berth.harness.logs.send(
      new FilterLogEventsCommand({ logGroupName: '/berth/audit' }),
    );
    const lines = events
      .map((event) => JSON.parse(event.message ?? '{}') as Record<string, unknown>)
      .filter((line) => line.auth === 'oidc');
    expect(
      lines.map((line) => [
        line.caller,
        line.subject,
        line.auth,
        line.role,
        line.userAgent,
        line.outcome,
      ]),
    ).toEqual([
      ['ops@example.com', '8a1f-ops', 'oidc', 'admin', 'vitest-oidc', 'started'],
      ['ops@example.com', '8a1f-ops', 'oidc', 'admin', 'vitest-oidc', 'ok'],
    ]);
  });

  it('without a role (no policy binding) the person is refused, by name', async () => {
    await withSession([]);
    await berth.resetStats();
    expect(await actions.redeploy({ cluster: 'cruddur', service: 'backend-flask' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await berth.stats()).total).toBe(0);
  });

  it.each([
    ['sealed with another secret', 'x'.repeat(40), 3600],
    ['expired', SESSION_SECRET, -60],
  ])(
    '%s is nobody: refused before any AWS call, told where to sign in',
    async (_, secret, lifetime) => {
      await withSession(['platform-team'], secret, lifetime);
      await berth.resetStats();
      expect(await actions.redeploy({ cluster: 'cruddur', service: 'backend-flask' })).toEqual({
        ok: false,
        error: {
          code: 'unauthenticated',
          message: 'Berth does not know who you are: sign in at /auth/sign-in.',
        },
      });
      expect((await berth.stats()).total).toBe(0);
    },
  );
});
