/**
 * Who may do what: roles (actions, cluster globs), bindings of groups and users to roles, and a
 * default role for any signed-in person. Read from BERTH_POLICY_FILE (YAML or JSON) and checked
 * at start-up; a bad file stops Berth with the path and the reason. Pure apart from loadPolicy.
 */
import picomatch from 'picomatch';
import { z } from 'zod';
import { parseConfigFile, readConfigFile } from '../config-file';

/** Berth's actions, by the names the audit trail and the policy file use. */
export const BERTH_ACTIONS = [
  'logs',
  'redeploy',
  'rollback',
  'stop-rollout',
  'scale',
  'stop-task',
  'deploy',
  'deploy-image',
  'register-task-definition',
  'register-and-deploy',
  'reveal-secret',
  'container-insights',
  'apply-exec',
] as const;
export type BerthAction = (typeof BERTH_ACTIONS)[number];

/** Task definitions are account-wide: no cluster pattern applies to registering or reading one. */
const ACCOUNT_ACTIONS: readonly BerthAction[] = ['register-task-definition', 'reveal-secret'];

const RoleName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Role names are 1-64 letters, digits, hyphens, underscores.');

const Role = z.strictObject({
  actions: z.array(
    z.enum([...BERTH_ACTIONS, '*'], {
      message: `actions are "*" or Berth's action names: ${BERTH_ACTIONS.join(', ')}.`,
    }),
  ),
  /** Globs of cluster names ("*-staging", "*"); none means no cluster. */
  clusters: z.array(z.string().min(1, 'A cluster pattern cannot be empty.')).default([]),
});

const Binding = z.union(
  [
    z.strictObject({ group: z.string().min(1), role: RoleName }),
    z.strictObject({ user: z.string().min(1), role: RoleName }),
  ],
  { message: 'Each binding is { group, role } or { user, role }.' },
);

export const PolicyFile = z
  .strictObject({
    roles: z.record(RoleName, Role),
    bindings: z.array(Binding).default([]),
    default: RoleName.optional(),
  })
  .superRefine((policy, ctx) => {
    const roles = Object.keys(policy.roles);
    const named = [
      ...policy.bindings.map((binding, i) => ({
        role: binding.role,
        path: ['bindings', i, 'role'],
      })),
      ...(policy.default ? [{ role: policy.default, path: ['default'] }] : []),
    ];
    for (const { role, path } of named) {
      if (!roles.includes(role)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `Role ${role} is not defined under roles (defined: ${roles.join(', ') || 'none'}).`,
        });
      }
    }
  });
export type Policy = z.output<typeof PolicyFile>;

/** A person, as the sign-in mode identifies them. */
export interface Identity {
  /** email, else sub. */
  id: string;
  groups: readonly string[];
}

/** The policy in `path`, or an error naming the file and every problem in it. */
export function loadPolicy(path: string): Policy {
  return parsePolicy(readConfigFile('BERTH_POLICY_FILE', path), path);
}

export function parsePolicy(text: string, path: string): Policy {
  return parseConfigFile('BERTH_POLICY_FILE', PolicyFile, text, path);
}

/**
 * The role of a person: a user binding first (the most specific), then the first group binding
 * that matches, then the default. Undefined: signed in, but no role (sees nothing to act on).
 */
export function roleOf(policy: Policy, identity: Identity): string | undefined {
  const user = policy.bindings.find((b) => 'user' in b && b.user === identity.id);
  if (user) return user.role;
  const group = policy.bindings.find((b) => 'group' in b && identity.groups.includes(b.group));
  return group?.role ?? policy.default;
}

export type Decision = { allowed: true; role: string } | { allowed: false; reason: string };

/** Whether `identity` may take `action`, on `cluster` when the action has one. */
export function decide(
  policy: Policy,
  identity: Identity,
  action: BerthAction,
  cluster: string | undefined,
): Decision {
  const role = roleOf(policy, identity);
  const grant = role === undefined ? undefined : policy.roles[role];
  if (role === undefined || !grant) {
    return { allowed: false, reason: `${identity.id} has no role in Berth's policy.` };
  }
  if (!grant.actions.includes('*') && !grant.actions.includes(action)) {
    return { allowed: false, reason: `Role ${role} (${identity.id}) does not have "${action}".` };
  }
  if (ACCOUNT_ACTIONS.includes(action) && cluster === undefined) return { allowed: true, role };
  if (cluster === undefined || !grant.clusters.some((glob) => picomatch.isMatch(cluster, glob))) {
    return {
      allowed: false,
      reason: `Role ${role} (${identity.id}) does not have "${action}" on cluster ${cluster ?? '(none)'}: its clusters are ${grant.clusters.join(', ') || 'none'}.`,
    };
  }
  return { allowed: true, role };
}
