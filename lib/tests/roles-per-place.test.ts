/**
 * Roles per target and region, end to end through the real actions and the sandbox's several
 * accounts (SANDBOX_SEED=multi): a policy pattern like staging/us-east-1/* lets a developer change
 * that place and nothing elsewhere. next/headers is stood in for (there is no request in a unit
 * test): it carries the proxy's identity and the place a URL would name (proxy.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Actions from '../actions/ecs-actions';
import { configure, MULTI_TARGETS, setupBerth } from './setup-berth';

const request = { headers: new Headers() };
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(request.headers) }));

const SECRET = 'q'.repeat(40);
const POLICY = `
roles:
  staging-dev: { actions: [redeploy], clusters: [staging/us-east-1/*] }
  prod-ops: { actions: [redeploy], clusters: [prod/*/cruddur] }
bindings:
  - { user: dev@example.com, role: staging-dev }
  - { user: ops@example.com, role: prod-ops }
`;

const berth = setupBerth({ seed: 'multi', speed: 50 });
let actions: typeof Actions.ecsActions;

/** A request from `email`, on a page of `place` (target/region), as proxy.ts passes it on. */
function signInAt(email: string, place: string) {
  request.headers = new Headers({
    'x-berth-proxy-secret': SECRET,
    'x-forwarded-email': email,
    'x-berth-place': place,
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-roles-places-'));
  writeFileSync(join(dir, 'targets.yaml'), MULTI_TARGETS);
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  configure({
    AWS_REGION: 'ca-central-1',
    BERTH_TARGETS_FILE: join(dir, 'targets.yaml'),
    BERTH_AUTH: 'proxy',
    BERTH_PROXY_SECRET: SECRET,
    BERTH_POLICY_FILE: join(dir, 'policy.yaml'),
  });
  actions = (await import('../actions/ecs-actions')).ecsActions;
});

afterAll(() =>
  configure({
    BERTH_TARGETS_FILE: undefined,
    BERTH_AUTH: undefined,
    BERTH_PROXY_SECRET: undefined,
    BERTH_POLICY_FILE: undefined,
  }),
);

describe('policies match target and region', () => {
  it.each([
    ['dev@example.com', 'staging/us-east-1', 'cruddur-staging', '222222222222/us-east-1'],
    ['ops@example.com', 'prod/ca-central-1', 'cruddur', '111111111111/ca-central-1'],
  ])(
    '%s redeploys in %s (%s): one UpdateService, in world %s alone',
    async (email, place, cluster, world) => {
      signInAt(email, place);
      await berth.resetStats();
      const result = await actions.redeploy({ cluster, service: 'backend-flask' });
      expect(result).toMatchObject({ ok: true });
      const { byWorld = {} } = await berth.stats();
      const updates = Object.entries(byWorld)
        .filter(([, calls]) => calls['ecs:UpdateService'])
        .map(([name, calls]) => [name, calls['ecs:UpdateService']]);
      expect(updates).toEqual([[world, 1]]);
    },
  );

  it.each([
    [
      'dev@example.com',
      'prod/ca-central-1',
      'cruddur',
      'Role staging-dev (dev@example.com) does not have "redeploy" on cluster cruddur in prod/ca-central-1: its clusters are staging/us-east-1/*.',
    ],
    [
      'dev@example.com',
      'staging/ca-central-1',
      'cruddur-staging',
      'Role staging-dev (dev@example.com) does not have "redeploy" on cluster cruddur-staging in staging/ca-central-1: its clusters are staging/us-east-1/*.',
    ],
    [
      'ops@example.com',
      'staging/us-east-1',
      'cruddur-staging',
      'Role prod-ops (ops@example.com) does not have "redeploy" on cluster cruddur-staging in staging/us-east-1: its clusters are prod/*/cruddur.',
    ],
  ])(
    '%s may not redeploy in %s: refused before any AWS call',
    async (email, place, cluster, message) => {
      signInAt(email, place);
      await berth.resetStats();
      expect(await actions.redeploy({ cluster, service: 'backend-flask' })).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message,
          hint: 'Ask an admin of Berth for a role that allows it.',
        },
      });
      // Not even the role is assumed: the refusal costs nothing in any account.
      expect((await berth.stats()).total).toBe(0);
    },
  );

  it('writes the audit line in the place it changed, naming its target and region', async () => {
    const { findPlace, inPlace } = await import('../targets/place');
    const { readRecentAudit } = await import('../aws/audit');
    signInAt('dev@example.com', 'staging/us-east-1');
    const result = await actions.redeploy({ cluster: 'cruddur-staging', service: 'backend-flask' });
    expect(result).toMatchObject({ ok: true });
    const trailOf = async (target: string, region: string) =>
      (
        await inPlace(findPlace(target, region)!, () =>
          readRecentAudit({ caller: 'dev@example.com' }),
        )
      ).data.map((e) => [e.target, e.region, e.cluster, e.service, e.role, e.outcome]);
    expect((await trailOf('staging', 'us-east-1'))[0]).toEqual([
      'staging',
      'us-east-1',
      'cruddur-staging',
      'backend-flask',
      'staging-dev',
      'ok',
    ]);
    // Not in Berth's own place: the trail of a change lives where the change was made.
    expect(await trailOf('prod', 'ca-central-1')).toEqual([]);
  });

  it('offers each page’s buttons by the place it shows', async () => {
    const { mayChange } = await import('../auth/guard');
    const { findPlace } = await import('../targets/place');
    const dev = { id: 'dev@example.com', groups: [], mode: 'proxy' as const };
    const staging = findPlace('staging', 'us-east-1')!;
    const prod = findPlace('prod', 'ca-central-1')!;
    expect([
      mayChange(dev, staging, 'cruddur-staging'),
      mayChange(dev, staging, 'cruddur-staging', 'redeploy'),
      mayChange(dev, staging, 'cruddur-staging', 'scale'),
      mayChange(dev, prod, 'cruddur-staging'),
    ]).toEqual([true, true, false, false]);
  });
});
