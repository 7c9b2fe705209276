/**
 * The guard's answers one at a time, against the sandbox: which buttons a page offers and why
 * none, the role a caller acts in, read-only mode and BERTH_CLUSTERS (for clusters and for the
 * families they run), and where a request comes from. next/headers is the one thing stood in for.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Guard from './guard';
import type { Caller } from './identity';
import type { Place } from '../targets/place';
import { addIdleService, configure, setupBerth } from '../tests/setup-berth';

const request = { headers: new Headers() };
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(request.headers) }));

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
let guard: typeof Guard;
let here: Place;
let policyFile: string;

const OPS: Caller = { id: 'ops@example.com', groups: [], mode: 'proxy' };
const READER: Caller = { id: 'reader@example.com', groups: [], mode: 'proxy' };
const STRANGER: Caller = { id: 'stranger@example.com', groups: [], mode: 'proxy' };
const SCALER: Caller = { id: 'scaler@example.com', groups: [], mode: 'proxy' };
const LOCAL: Caller = { id: 'local', groups: [], mode: 'none' };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-guard-'));
  policyFile = join(dir, 'policy.yaml');
  // No default role: a caller without a binding has none.
  writeFileSync(
    policyFile,
    `
roles:
  admin: { actions: ["*"], clusters: ["*"] }
  reader: { actions: [logs, reveal-secret], clusters: ["*"] }
  scaler: { actions: [scale], clusters: ["*"] }
bindings:
  - { user: scaler@example.com, role: scaler }
  - { user: ops@example.com, role: admin }
  - { user: reader@example.com, role: reader }
`,
  );
  guard = await import('./guard');
  here = (await import('../targets/place')).defaultPlace();
  // backend-flask runs in both clusters; frontend-react-js in cruddur only.
  await addIdleService(berth.harness, 'cruddur-staging', 'flask-copy', 'backend-flask:1');
});

afterEach(() =>
  configure({
    BERTH_POLICY_FILE: undefined,
    BERTH_READ_ONLY: undefined,
    BERTH_CLUSTERS: undefined,
  }),
);

describe('roleName', () => {
  it('names the role of the policy, or says there is none', () => {
    configure({ BERTH_POLICY_FILE: policyFile });
    expect(guard.roleName(OPS)).toBe('admin');
    expect(guard.roleName(STRANGER)).toBe('(no role)');
  });

  it('without a policy: everything with no sign-in, a viewer when signed in', () => {
    expect(guard.roleName(LOCAL)).toBe('everything (no sign-in, no policy)');
    expect(guard.roleName(OPS)).toBe('viewer');
  });
});

describe('permission without a policy', () => {
  it('lets a laptop do everything and makes everyone signed in a viewer', () => {
    expect(guard.permission(LOCAL, 'redeploy', here, 'cruddur')).toBeUndefined();
    expect(guard.permission(OPS, 'redeploy', here, 'cruddur')).toEqual({
      code: 'forbidden',
      message:
        'ops@example.com is a viewer: without BERTH_POLICY_FILE everyone signed in may only read.',
      hint: 'Give roles in a policy file (README: Running Berth for a team).',
    });
  });
});

describe('changePolicy', () => {
  it('refuses every change in read-only mode, and says how to allow them', () => {
    configure({ BERTH_READ_ONLY: '1' });
    expect(guard.changePolicy('cruddur')).toEqual({
      code: 'read-only',
      message: 'Berth is running read-only (BERTH_READ_ONLY=1): it changes nothing.',
      hint: 'Restart Berth without BERTH_READ_ONLY to allow actions.',
    });
  });

  it('refuses a cluster outside BERTH_CLUSTERS, naming the list', () => {
    configure({ BERTH_CLUSTERS: 'cruddur-staging, sandbox' });
    expect(guard.changePolicy('cruddur')).toEqual({
      code: 'forbidden',
      message: 'Berth may not change cluster cruddur: it is not in BERTH_CLUSTERS.',
      hint: 'Add cruddur to BERTH_CLUSTERS (now: cruddur-staging, sandbox) to allow it.',
    });
    expect(guard.changePolicy('cruddur-staging')).toBeUndefined();
  });

  it('says "none" when BERTH_CLUSTERS holds only commas', () => {
    configure({ BERTH_CLUSTERS: ',' });
    expect(guard.changePolicy('cruddur')?.hint).toBe(
      'Add cruddur to BERTH_CLUSTERS (now: none) to allow it.',
    );
  });
});

describe('mayChange and whyNoChanges', () => {
  it('offers changes to a role that has them, and says nothing', () => {
    configure({ BERTH_POLICY_FILE: policyFile });
    expect(guard.mayChange(OPS, here, 'cruddur')).toBe(true);
    expect(guard.whyNoChanges(OPS, here, 'cruddur')).toBeUndefined();
    // Scale without Redeploy is still a change offered: no reason to give.
    expect(guard.whyNoChanges(SCALER, here, 'cruddur')).toBeUndefined();
  });

  it('offers no changes to a role that may only read logs and reveal values', () => {
    configure({ BERTH_POLICY_FILE: policyFile });
    expect(guard.mayChange(READER, here, 'cruddur')).toBe(false);
    expect(guard.mayChange(READER, here, 'cruddur', 'logs')).toBe(true);
    expect(guard.whyNoChanges(READER, here, 'cruddur')).toBe(
      'Role reader (reader@example.com) does not have "redeploy".',
    );
  });

  it('offers none in read-only mode or outside BERTH_CLUSTERS, and says which', () => {
    configure({ BERTH_POLICY_FILE: policyFile, BERTH_READ_ONLY: '1' });
    expect(guard.mayChange(OPS, here, 'cruddur', 'redeploy')).toBe(false);
    expect(guard.whyNoChanges(OPS, here, 'cruddur')).toBe(
      'Berth is running read-only (BERTH_READ_ONLY=1): it changes nothing.',
    );
    configure({ BERTH_READ_ONLY: undefined, BERTH_CLUSTERS: 'cruddur-staging' });
    expect(guard.mayChange(OPS, here, 'cruddur', 'redeploy')).toBe(false);
    expect(guard.mayChange(OPS, here, 'cruddur-staging', 'redeploy')).toBe(true);
  });
});

describe('authorize with BERTH_CLUSTERS', () => {
  it('refuses new revisions of a family only clusters outside the list run, naming them', async () => {
    configure({ BERTH_POLICY_FILE: policyFile, BERTH_CLUSTERS: 'sandbox' });
    const register = (family: string) =>
      guard.authorize(OPS, 'register-task-definition', { family }, here);
    expect(await register('frontend-react-js')).toEqual({
      code: 'forbidden',
      message:
        'Berth may not register revisions of frontend-react-js: only cruddur uses it, and it is not in BERTH_CLUSTERS.',
      hint: 'Add a cluster that runs frontend-react-js to BERTH_CLUSTERS to allow it.',
    });
    expect((await register('backend-flask'))?.message).toBe(
      'Berth may not register revisions of backend-flask: only cruddur, cruddur-staging use it, and they are not in BERTH_CLUSTERS.',
    );
    expect(await register('a-family-no-service-runs')).toBeUndefined();
  });

  it('allows a family one listed cluster runs, then checks the cluster named', async () => {
    configure({ BERTH_POLICY_FILE: policyFile, BERTH_CLUSTERS: 'cruddur-staging, nope' });
    expect(
      await guard.authorize(OPS, 'register-task-definition', { family: 'backend-flask' }, here),
    ).toBeUndefined();
    expect(
      await guard.authorize(
        OPS,
        'register-and-deploy',
        { family: 'backend-flask', cluster: 'nope', service: 'backend-flask' },
        here,
      ),
    ).toEqual({
      code: 'not-found',
      message: 'Cluster nope does not exist in this region.',
      hint: 'Check the cluster name, or the region Berth runs in.',
    });
  });
});

describe('requestOrigin', () => {
  it('keeps the first 512 characters of the browser, and the address', async () => {
    request.headers = new Headers({ 'user-agent': 'a'.repeat(600) });
    const origin = await guard.requestOrigin();
    expect(origin.userAgent).toBe('a'.repeat(512));
  });
});
