import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv, SETTING_NAMES, startupRefusal } from './env';

describe('parseEnv', () => {
  it('uses the sandbox region when only an endpoint is set', () => {
    expect(parseEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).toMatchObject({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566',
      refreshSeconds: 5,
    });
  });

  it.each([
    ['BERTH_LIVE_TAIL_LINGER_SECONDS', 'liveTailLingerMs', 600],
    ['BERTH_LIST_REUSE_SECONDS', 'listReuseMs', 300],
  ] as const)('%s: 30 s unless told otherwise, 0 to %i s', (name, field, max) => {
    expect(parseEnv({})[field]).toBe(30_000);
    expect(parseEnv({ [name]: '0' })[field]).toBe(0);
    expect(parseEnv({ [name]: String(max) })[field]).toBe(max * 1000);
    for (const seconds of ['', String(max + 1), '-1', '2.5', 'soon']) {
      expect(() => parseEnv({ [name]: seconds }), seconds).toThrow(new RegExp(`${name} must be`));
    }
  });

  it('leaves the region to the AWS profile when nothing is set', () => {
    expect(parseEnv({}).region).toBeUndefined();
    expect(parseEnv({ AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
  });

  it('identifies nobody by default, and needs a secret to believe a proxy', () => {
    expect(parseEnv({})).toMatchObject({
      auth: 'none',
      authChosen: false,
      proxySecret: undefined,
      policy: undefined,
    });
    expect(() => parseEnv({ BERTH_AUTH: 'proxy' })).toThrow(
      'BERTH_AUTH=proxy needs BERTH_PROXY_SECRET, the secret your proxy sends in X-Berth-Proxy-Secret',
    );
    expect(() => parseEnv({ BERTH_AUTH: 'proxy', BERTH_PROXY_SECRET: 'short' })).toThrow(
      'BERTH_PROXY_SECRET must be at least 32 characters',
    );
    expect(() => parseEnv({ BERTH_AUTH: 'ldap' })).toThrow(
      'BERTH_AUTH must be none, proxy, alb or oidc (README: Running Berth for a team)',
    );
    expect(parseEnv({ BERTH_AUTH: 'proxy', BERTH_PROXY_SECRET: 'k'.repeat(32) }).auth).toBe(
      'proxy',
    );
    expect(() => parseEnv({ BERTH_AUTH: 'alb', BERTH_OIDC_CLIENT_ID: 'c' })).toThrow(
      'BERTH_AUTH=alb needs BERTH_ALB_ARN, BERTH_OIDC_ISSUER: the load balancer that signs',
    );
    expect(() =>
      parseEnv({ BERTH_ALB_ARN: 'arn:aws:ecs:us-east-1:123456789012:cluster/x' }),
    ).toThrow('BERTH_ALB_ARN must be an Application Load Balancer ARN');
    expect(
      parseEnv({
        BERTH_AUTH: 'alb',
        BERTH_ALB_ARN:
          'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/berth/50dc6c495c0c9188',
        BERTH_OIDC_ISSUER: 'https://issuer.example',
        BERTH_OIDC_CLIENT_ID: 'berth',
        BERTH_ALB_KEYS_URL: 'http://127.0.0.1:9/',
      }).alb,
    ).toEqual({
      albArn:
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/berth/50dc6c495c0c9188',
      issuer: 'https://issuer.example',
      clientId: 'berth',
      groupsClaim: 'groups',
      keysUrl: 'http://127.0.0.1:9',
    });
  });

  it('BERTH_AUTH=oidc needs a provider, a client, a session secret and an https public URL', () => {
    const oidc = {
      BERTH_AUTH: 'oidc',
      BERTH_OIDC_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
      BERTH_OIDC_CLIENT_ID: 'berth',
      BERTH_SESSION_SECRET: 's'.repeat(32),
      BERTH_PUBLIC_URL: 'https://berth.example.com',
    };
    expect(parseEnv(oidc).oidc).toEqual({
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
      clientId: 'berth',
      scopes: 'openid email profile',
      sessionSecret: 's'.repeat(32),
      sessionHours: 8,
      publicUrl: 'https://berth.example.com',
      groupsClaim: 'groups',
    });
    expect(
      parseEnv({
        ...oidc,
        BERTH_OIDC_CLIENT_SECRET: 'shh',
        BERTH_OIDC_SCOPES: 'openid email groups',
        BERTH_SESSION_HOURS: '12',
        BERTH_GROUPS_CLAIM: 'cognito:groups',
      }).oidc,
    ).toMatchObject({
      clientSecret: 'shh',
      scopes: 'openid email groups',
      sessionHours: 12,
      groupsClaim: 'cognito:groups',
    });
    expect(() =>
      parseEnv({
        BERTH_AUTH: 'oidc',
        BERTH_OIDC_CLIENT_ID: 'berth',
        BERTH_PUBLIC_URL: 'https://b.example',
      }),
    ).toThrow(
      'BERTH_AUTH=oidc needs BERTH_OIDC_ISSUER, BERTH_SESSION_SECRET: the provider and client Berth signs in with',
    );
    expect(() => parseEnv({ ...oidc, BERTH_PUBLIC_URL: 'http://berth.example.com' })).toThrow(
      'BERTH_AUTH=oidc needs an https BERTH_PUBLIC_URL (http://berth.example.com is plain http)',
    );
    for (const loopback of [
      'http://127.0.0.1:3184',
      'http://localhost:3000',
      'http://[::1]:3000',
    ]) {
      expect(parseEnv({ ...oidc, BERTH_PUBLIC_URL: loopback }).oidc?.publicUrl).toBe(loopback);
    }
    expect(() => parseEnv({ ...oidc, BERTH_SESSION_SECRET: 'short' })).toThrow(
      'BERTH_SESSION_SECRET must be at least 32 characters',
    );
    expect(() => parseEnv({ ...oidc, BERTH_OIDC_SCOPES: 'email profile' })).toThrow(
      'BERTH_OIDC_SCOPES must be scopes separated by single spaces, starting with openid',
    );
    for (const hours of ['', '0', '169', '1.5', 'eight']) {
      expect(() => parseEnv({ ...oidc, BERTH_SESSION_HOURS: hours }), hours).toThrow(
        /BERTH_SESSION_HOURS must be/,
      );
    }
    // The ALB settings share the issuer and client names; oidc mode does not make an ALB.
    expect(parseEnv(oidc).alb).toBeUndefined();
  });

  it('will not listen off loopback without sign-in unless BERTH_AUTH=none is chosen', () => {
    const unset = parseEnv({});
    expect(unset.authChosen).toBe(false);
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      expect(startupRefusal(unset, host)).toBeUndefined();
    }
    expect(startupRefusal(unset, '0.0.0.0')).toBe(
      'Berth will not listen on 0.0.0.0 without sign-in: anyone who reaches it could change your services. Set BERTH_AUTH=proxy behind a sign-in proxy (README: Running Berth for a team), or BERTH_AUTH=none to run it open on purpose.',
    );
    expect(startupRefusal(unset, '10.0.1.5')).toMatch(/^Berth will not listen on 10.0.1.5 /);
    expect(startupRefusal(unset, '127.0.0.1.evil')).toMatch(/^Berth will not listen on /);
    expect(startupRefusal(parseEnv({ BERTH_AUTH: 'none' }), '0.0.0.0')).toBeUndefined();
  });

  it('reads the policy file at start-up, and stops on a bad one naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-env-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'roles: { admin: { actions: ["*"], clusters: ["*"] } }\ndefault: admin\n');
    expect(parseEnv({ BERTH_POLICY_FILE: good }).policy).toEqual({
      roles: { admin: { actions: ['*'], clusters: ['*'] } },
      bindings: [],
      default: 'admin',
    });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'roles: { admin: { actions: [everything] } }\n');
    expect(() => parseEnv({ BERTH_POLICY_FILE: bad })).toThrow(
      `BERTH_POLICY_FILE ${bad} is not valid:\n  - roles.admin.actions.0: actions are "*" or Berth's action names`,
    );
    expect(() => parseEnv({ BERTH_POLICY_FILE: join(dir, 'missing.yaml') })).toThrow(
      `BERTH_POLICY_FILE ${join(dir, 'missing.yaml')} cannot be read`,
    );
  });

  it('stops on a policy pattern that names a target or region Berth does not show', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-env-'));
    const targets = join(dir, 'targets.yaml');
    writeFileSync(targets, 'targets:\n  - { name: prod, regions: [ca-central-1] }\n');
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'roles: { ops: { actions: [redeploy], clusters: [prd/*/cruddur] } }\n');
    expect(() => parseEnv({ BERTH_TARGETS_FILE: targets, BERTH_POLICY_FILE: policy })).toThrow(
      `BERTH_POLICY_FILE ${policy} is not valid:\n  - roles.ops.clusters.0: prd/*/cruddur names no target and region Berth shows (prod/ca-central-1).`,
    );
    writeFileSync(policy, 'roles: { ops: { actions: [redeploy], clusters: [prod/*/cruddur] } }\n');
    expect(
      parseEnv({ BERTH_TARGETS_FILE: targets, BERTH_POLICY_FILE: policy }).policy?.roles,
    ).toEqual({ ops: { actions: ['redeploy'], clusters: ['prod/*/cruddur'] } });
    // Without a targets file the one place is default/<AWS_REGION>.
    expect(() => parseEnv({ AWS_REGION: 'eu-west-1', BERTH_POLICY_FILE: policy })).toThrow(
      `BERTH_POLICY_FILE ${policy} is not valid:\n  - roles.ops.clusters.0: prod/*/cruddur names no target and region Berth shows (default/eu-west-1).`,
    );
  });

  it('refuses bad settings with what to set', () => {
    expect(() => parseEnv({ AWS_REGION: 'Frankfurt', BERTH_REFRESH_SECONDS: '0' })).toThrow(
      /Berth cannot start[\s\S]*AWS_REGION must be a region code such as us-east-1[\s\S]*BERTH_REFRESH_SECONDS must be at least 1/,
    );
    expect(() => parseEnv({ AWS_ENDPOINT_URL: 'localhost' })).toThrow(
      /AWS_ENDPOINT_URL must be a URL/,
    );
  });
});

describe('the README', () => {
  it('has a settings row for every variable Berth reads, and none for one it does not', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| variable '), readme.indexOf('Bad values stop'));
    const rows = [...table.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]);
    expect(rows.sort()).toEqual([...SETTING_NAMES].sort());
    expect(SETTING_NAMES).toHaveLength(29);
  });
});
