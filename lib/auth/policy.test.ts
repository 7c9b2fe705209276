import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../config-file';
import {
  decide,
  parsePolicy,
  patternsOutsidePlaces,
  roleOf,
  type Policy,
  type Where,
} from './policy';

/** The policy file as the README gives it. */
const README_POLICY = `
roles:
  viewer:   { actions: [] }
  developer: { actions: [logs, redeploy, rollback, scale, stop-task], clusters: ["*-staging"] }
  admin:    { actions: ["*"], clusters: ["*"] }
bindings:
  - { group: platform-team, role: admin }
  - { user: dev@example.com, role: developer }
default: viewer
`;

const policy: Policy = parsePolicy(README_POLICY, 'policy.yaml');
const person = (id: string, groups: string[] = []) => ({ id, groups });
/** A cluster of Berth without a targets file: its one place has no name to show. */
const at = (cluster: string | undefined): Where => ({
  target: 'default',
  region: 'us-east-1',
  cluster,
  named: false,
});

describe('parsePolicy', () => {
  it('reads the README example, defaults filled in', () => {
    expect(policy).toEqual({
      roles: {
        viewer: { actions: [], clusters: [] },
        developer: {
          actions: ['logs', 'redeploy', 'rollback', 'scale', 'stop-task'],
          clusters: ['*-staging'],
        },
        admin: { actions: ['*'], clusters: ['*'] },
      },
      bindings: [
        { group: 'platform-team', role: 'admin' },
        { user: 'dev@example.com', role: 'developer' },
      ],
      default: 'viewer',
    });
  });

  it('reads the same policy as JSON', () => {
    expect(parsePolicy(JSON.stringify(policy), 'policy.json')).toEqual(policy);
  });

  it.each([
    [
      'roles: { dev: { actions: [deploy-everything] } }',
      `BERTH_POLICY_FILE p.yaml is not valid:\n  - roles.dev.actions.0: actions are "*" or Berth's action names: logs, redeploy, rollback, stop-rollout, scale, stop-task, deploy, deploy-image, register-task-definition, register-and-deploy, reveal-secret, container-insights, apply-exec.`,
    ],
    [
      'roles: { dev: { actions: [] } }\nbindings: [{ group: g, role: admin }]\ndefault: ops',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - bindings.0.role: Role admin is not defined under roles (defined: dev).\n  - default: Role ops is not defined under roles (defined: dev).',
    ],
    [
      'roles: { dev: { actions: [], cluster: ["*"] } }',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - roles.dev: Unrecognized key: "cluster"',
    ],
    [
      'roles: { dev: { actions: [] } }\nbindings: [{ team: g, role: dev }]',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - bindings.0: Each binding is { group, role } or { user, role }.',
    ],
    [
      'roles: { "bad name!": { actions: [] } }',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - roles.bad name!: Role names are 1-64 letters, digits, hyphens, underscores.',
    ],
    // A name must be all allowed characters, from its first to its last.
    ...['ok!', '!ok'].map((name) => [
      `roles: { x: { actions: [] } }\ndefault: "${name}"`,
      `BERTH_POLICY_FILE p.yaml is not valid:\n  - default: Role names are 1-64 letters, digits, hyphens, underscores.\n  - default: Role ${name} is not defined under roles (defined: x).`,
    ]),
    [
      'roles: {}\ndefault: ops',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - default: Role ops is not defined under roles (defined: none).',
    ],
    [
      'roles: { dev: { actions: [], clusters: [""] } }',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - roles.dev.clusters.0: A cluster pattern cannot be empty.\n  - roles.dev.clusters.0: A cluster pattern is a glob of cluster names (cruddur-*) or of target/region/cluster (prod/*/cruddur, staging/us-east-1/*): "" is neither.',
    ],
    [
      'roles: { dev: { actions: [] } }\nbindings: [{ group: "", role: dev }, { user: "", role: dev }]',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - bindings.0.group: A group name cannot be empty.\n  - bindings.1.user: A user cannot be empty.',
    ],
    [
      'bindings: []',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - roles: Invalid input: expected record, received undefined',
    ],
    [
      '[]',
      'BERTH_POLICY_FILE p.yaml is not valid:\n  - (top level): Invalid input: expected object, received array',
    ],
  ])('refuses %j, naming the file and the field', (text, message) => {
    expect(() => parsePolicy(text, 'p.yaml')).toThrow(new ConfigFileError(message));
  });

  it('refuses text that is not YAML, and YAML aliases (a billion laughs)', () => {
    expect(() => parsePolicy('roles: {', 'p.yaml')).toThrow(
      /^BERTH_POLICY_FILE p.yaml is not YAML or JSON: /,
    );
    expect(() => parsePolicy('a: &x [1]\nroles: { dev: { actions: *x } }', 'p.yaml')).toThrow(
      /^BERTH_POLICY_FILE p.yaml is not YAML or JSON: /,
    );
  });
});

describe('roleOf', () => {
  it('takes a user binding before a group binding, a group before the default', () => {
    expect(roleOf(policy, person('dev@example.com', ['platform-team']))).toBe('developer');
    expect(roleOf(policy, person('ops@example.com', ['platform-team']))).toBe('admin');
    expect(roleOf(policy, person('someone@example.com', ['other']))).toBe('viewer');
  });

  it('leaves a person with no binding and no default without a role', () => {
    const strict = parsePolicy('roles: { admin: { actions: ["*"], clusters: ["*"] } }', 'p');
    expect(roleOf(strict, person('someone@example.com'))).toBeUndefined();
    expect(decide(strict, person('someone@example.com'), 'logs', at('cruddur'))).toEqual({
      allowed: false,
      reason: "someone@example.com has no role in Berth's policy.",
    });
  });
});

describe('decide', () => {
  const developer = person('dev@example.com');
  const admin = person('ops@example.com', ['platform-team']);
  const viewer = person('someone@example.com');

  it.each([
    [developer, 'redeploy', 'cruddur-staging', true],
    [developer, 'redeploy', 'cruddur', false],
    [developer, 'logs', 'cruddur-staging', true],
    [developer, 'deploy-image', 'cruddur-staging', false],
    [developer, 'register-task-definition', undefined, false],
    [admin, 'register-task-definition', undefined, true],
    [admin, 'reveal-secret', undefined, true],
    [admin, 'apply-exec', 'cruddur', true],
    [viewer, 'logs', 'cruddur', false],
    [viewer, 'redeploy', 'cruddur-staging', false],
  ] as const)('%j %s on %s -> %s', (who, action, cluster, allowed) => {
    expect(decide(policy, who, action, at(cluster)).allowed).toBe(allowed);
  });

  it('says which role refused what, and where', () => {
    expect(decide(policy, developer, 'redeploy', at('cruddur'))).toEqual({
      allowed: false,
      reason:
        'Role developer (dev@example.com) does not have "redeploy" on cluster cruddur: its clusters are *-staging.',
    });
    expect(decide(policy, developer, 'deploy', at('cruddur-staging'))).toEqual({
      allowed: false,
      reason: 'Role developer (dev@example.com) does not have "deploy".',
    });
    expect(decide(policy, admin, 'scale', at('cruddur'))).toEqual({ allowed: true, role: 'admin' });
  });

  it('does not let a cluster action through without a cluster', () => {
    expect(decide(policy, admin, 'redeploy', at(undefined))).toEqual({
      allowed: false,
      reason:
        'Role admin (ops@example.com) does not have "redeploy" on cluster (none): its clusters are *.',
    });
  });
});

describe('patterns that name a target and region', () => {
  const PLACES = `
roles:
  prod-ops: { actions: [redeploy, register-task-definition], clusters: [prod/*/cruddur] }
  staging-dev: { actions: [redeploy, register-task-definition], clusters: [staging/us-east-1/*] }
  anywhere: { actions: [redeploy, register-task-definition], clusters: ["*-staging"] }
  builder: { actions: [register-task-definition] }
bindings:
  - { user: prod@example.com, role: prod-ops }
  - { user: staging@example.com, role: staging-dev }
  - { user: any@example.com, role: anywhere }
  - { user: builder@example.com, role: builder }
`;
  const places = parsePolicy(PLACES, 'places.yaml');
  const where = (target: string, region: string, cluster?: string): Where => ({
    target,
    region,
    cluster,
    named: true,
  });

  it.each([
    ['prod@example.com', where('prod', 'ca-central-1', 'cruddur'), true],
    ['prod@example.com', where('prod', 'us-east-1', 'cruddur'), true],
    ['prod@example.com', where('prod', 'ca-central-1', 'cruddur-staging'), false],
    ['prod@example.com', where('staging', 'ca-central-1', 'cruddur'), false],
    ['staging@example.com', where('staging', 'us-east-1', 'cruddur-staging'), true],
    ['staging@example.com', where('staging', 'us-east-1', 'anything'), true],
    ['staging@example.com', where('staging', 'ca-central-1', 'cruddur-staging'), false],
    ['staging@example.com', where('prod', 'us-east-1', 'cruddur'), false],
    ['any@example.com', where('prod', 'ca-central-1', 'cruddur-staging'), true],
    ['any@example.com', where('staging', 'us-east-1', 'cruddur-staging'), true],
    ['any@example.com', where('staging', 'us-east-1', 'cruddur'), false],
  ])('%s redeploy at %j -> %s', (id, at, allowed) => {
    expect(decide(places, person(id), 'redeploy', at).allowed).toBe(allowed);
  });

  it('names the place in a refusal when Berth has several', () => {
    expect(
      decide(
        places,
        person('staging@example.com'),
        'redeploy',
        where('prod', 'ca-central-1', 'cruddur'),
      ),
    ).toEqual({
      allowed: false,
      reason:
        'Role staging-dev (staging@example.com) does not have "redeploy" on cluster cruddur in prod/ca-central-1: its clusters are staging/us-east-1/*.',
    });
  });

  it('lets a role register task definitions only in the places its patterns name', () => {
    const register = (id: string, target: string, region: string) =>
      decide(places, person(id), 'register-task-definition', where(target, region));
    expect(register('staging@example.com', 'staging', 'us-east-1')).toEqual({
      allowed: true,
      role: 'staging-dev',
    });
    expect(register('staging@example.com', 'staging', 'ca-central-1')).toEqual({
      allowed: false,
      reason:
        'Role staging-dev (staging@example.com) does not have "register-task-definition" in staging/ca-central-1: its clusters are staging/us-east-1/*.',
    });
    expect(register('prod@example.com', 'prod', 'eu-west-1')).toEqual({
      allowed: true,
      role: 'prod-ops',
    });
    // A plain pattern applies in every place; a role without patterns keeps the account-wide grant.
    expect(register('any@example.com', 'prod', 'ca-central-1')).toEqual({
      allowed: true,
      role: 'anywhere',
    });
    expect(register('builder@example.com', 'staging', 'ca-central-1')).toEqual({
      allowed: true,
      role: 'builder',
    });
  });

  it('lets a role register where any one of its patterns names the place', () => {
    const two = parsePolicy(
      'roles: { both: { actions: [register-task-definition], clusters: [prod/*/cruddur, staging/us-east-1/*] } }\ndefault: both',
      'p.yaml',
    );
    const register = (target: string, region: string) =>
      decide(two, person('x@example.com'), 'register-task-definition', where(target, region));
    expect(register('staging', 'us-east-1')).toEqual({ allowed: true, role: 'both' });
    expect(register('prod', 'eu-west-1')).toEqual({ allowed: true, role: 'both' });
    expect(register('staging', 'eu-west-1').allowed).toBe(false);
  });

  it('checks an account-wide action taken on a cluster against the cluster patterns', () => {
    // Revealing a secret from a service's page names its cluster: the cluster must be granted.
    const secrets = parsePolicy(
      'roles: { reader: { actions: [reveal-secret], clusters: ["*-staging"] } }\ndefault: reader',
      'p.yaml',
    );
    const reveal = (cluster?: string) =>
      decide(secrets, person('x@example.com'), 'reveal-secret', at(cluster));
    expect(reveal('cruddur-staging')).toEqual({ allowed: true, role: 'reader' });
    expect(reveal('cruddur')).toEqual({
      allowed: false,
      reason:
        'Role reader (x@example.com) does not have "reveal-secret" on cluster cruddur: its clusters are *-staging.',
    });
    expect(reveal(undefined)).toEqual({ allowed: true, role: 'reader' });
  });

  it.each(['prod/cruddur', 'prod//cruddur', 'a/b/c/d', '/us-east-1/x'])(
    'refuses the pattern %j, saying what a pattern is',
    (pattern) => {
      expect(() =>
        parsePolicy(`roles: { dev: { actions: [], clusters: ["${pattern}"] } }`, 'p.yaml'),
      ).toThrow(
        new ConfigFileError(
          `BERTH_POLICY_FILE p.yaml is not valid:\n  - roles.dev.clusters.0: A cluster pattern is a glob of cluster names (cruddur-*) or of target/region/cluster (prod/*/cruddur, staging/us-east-1/*): "${pattern}" is neither.`,
        ),
      );
    },
  );

  it('finds patterns whose target and region match none of Berth’s places', () => {
    const known = [
      { target: 'prod', region: 'ca-central-1' },
      { target: 'staging', region: 'ca-central-1' },
    ];
    expect(patternsOutsidePlaces(places, known)).toEqual([
      'roles.staging-dev.clusters.0: staging/us-east-1/* names no target and region Berth shows (prod/ca-central-1, staging/ca-central-1).',
    ]);
    expect(
      patternsOutsidePlaces(places, [...known, { target: 'staging', region: 'us-east-1' }]),
    ).toEqual([]);
  });
});
