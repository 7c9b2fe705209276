import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../config-file';
import { decide, parsePolicy, roleOf, type Policy } from './policy';

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
    expect(decide(strict, person('someone@example.com'), 'logs', 'cruddur')).toEqual({
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
    expect(decide(policy, who, action, cluster).allowed).toBe(allowed);
  });

  it('says which role refused what, and where', () => {
    expect(decide(policy, developer, 'redeploy', 'cruddur')).toEqual({
      allowed: false,
      reason:
        'Role developer (dev@example.com) does not have "redeploy" on cluster cruddur: its clusters are *-staging.',
    });
    expect(decide(policy, developer, 'deploy', 'cruddur-staging')).toEqual({
      allowed: false,
      reason: 'Role developer (dev@example.com) does not have "deploy".',
    });
    expect(decide(policy, admin, 'scale', 'cruddur')).toEqual({ allowed: true, role: 'admin' });
  });

  it('does not let a cluster action through without a cluster', () => {
    expect(decide(policy, admin, 'redeploy', undefined)).toEqual({
      allowed: false,
      reason:
        'Role admin (ops@example.com) does not have "redeploy" on cluster (none): its clusters are *.',
    });
  });
});
