/**
 * Who may do what: roles (actions, cluster globs), bindings of groups and users to roles, and a
 * default role for any signed-in person. Read from BERTH_POLICY_FILE (YAML or JSON) and checked
 * at start-up; a bad file stops Berth with the path and the reason. Pure apart from loadPolicy.
 */
import picomatch from 'picomatch';
import { z } from 'zod';
import { ConfigFileError, parseConfigFile, readConfigFile } from '../config-file';

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

const ROLE_NAME_RULE = 'Role names are 1-64 letters, digits, hyphens, underscores.';
const RoleName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, ROLE_NAME_RULE);

// A glob of cluster names ("*-staging"), which applies in every target and region, or globs of
// target, region and cluster joined by slashes ("prod/*/cruddur", "staging/us-east-1/*").
const ClusterPattern = z
  .string()
  .min(1, 'A cluster pattern cannot be empty.')
  .refine(
    (pattern) => {
      const parts = pattern.split('/');
      return (parts.length === 1 || parts.length === 3) && parts.every(Boolean);
    },
    {
      error: (issue) =>
        `A cluster pattern is a glob of cluster names (cruddur-*) or of target/region/cluster (prod/*/cruddur, staging/us-east-1/*): ${JSON.stringify(issue.input)} is neither.`,
    },
  );

const Role = z.strictObject({
  actions: z.array(
    z.enum([...BERTH_ACTIONS, '*'], {
      message: `actions are "*" or Berth's action names: ${BERTH_ACTIONS.join(', ')}.`,
    }),
  ),
  /** Cluster patterns; none means no cluster. */
  clusters: z.array(ClusterPattern).default([]),
});

const Binding = z.union(
  [
    z.strictObject({ group: z.string().min(1, 'A group name cannot be empty.'), role: RoleName }),
    z.strictObject({ user: z.string().min(1, 'A user cannot be empty.'), role: RoleName }),
  ],
  { message: 'Each binding is { group, role } or { user, role }.' },
);

export const PolicyFile = z
  .strictObject({
    // zod reports a bad key as "Invalid key in record"; say which rule it broke.
    roles: z.record(RoleName, Role, {
      error: (issue) => (issue.code === 'invalid_key' ? ROLE_NAME_RULE : undefined),
    }),
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

/**
 * The policy in `path`, or an error naming the file and every problem in it, including patterns
 * that name a target or region Berth does not show (`places`, from the targets file).
 */
export function loadPolicy(
  path: string,
  places: readonly { target: string; region: string }[],
): Policy {
  const policy = parsePolicy(readConfigFile('BERTH_POLICY_FILE', path), path);
  const problems = patternsOutsidePlaces(policy, places);
  if (problems.length) {
    throw new ConfigFileError(
      `BERTH_POLICY_FILE ${path} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return policy;
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

/** Where an action is taken: one region of one target, and its cluster when it has one. */
export interface Where {
  target: string;
  region: string;
  cluster: string | undefined;
  /** The place was named in a targets file: refusals name it (with one place they need not). */
  named: boolean;
}

const isMatch = (value: string, glob: string) => picomatch.isMatch(value, glob);

/** Whether a pattern applies in the target and region of `where` (a plain glob applies in all). */
function patternCoversPlace(pattern: string, where: Where): boolean {
  const [target, region, cluster] = pattern.split('/');
  if (cluster === undefined) return true;
  return isMatch(where.target, target!) && isMatch(where.region, region!);
}

/** Whether a pattern takes in the cluster of `where`, in its target and region. */
function patternMatches(pattern: string, where: Where): boolean {
  if (where.cluster === undefined || !patternCoversPlace(pattern, where)) return false;
  return isMatch(where.cluster, pattern.split('/').at(-1)!);
}

export type Decision = { allowed: true; role: string } | { allowed: false; reason: string };

/** Whether `identity` may take `action` where it is taken (on a cluster when the action has one). */
export function decide(
  policy: Policy,
  identity: Identity,
  action: BerthAction,
  where: Where,
): Decision {
  const role = roleOf(policy, identity);
  const grant = role === undefined ? undefined : policy.roles[role];
  if (role === undefined || !grant) {
    return { allowed: false, reason: `${identity.id} has no role in Berth's policy.` };
  }
  if (!grant.actions.includes('*') && !grant.actions.includes(action)) {
    return { allowed: false, reason: `Role ${role} (${identity.id}) does not have "${action}".` };
  }
  const { cluster } = where;
  const inPlace = where.named ? ` in ${where.target}/${where.region}` : '';
  const clusters = grant.clusters.join(', ') || 'none';
  if (ACCOUNT_ACTIONS.includes(action) && cluster === undefined) {
    // Task definitions belong to an account and region: a role whose every pattern names other
    // places may not register them here. A role with no patterns keeps the account-wide grant.
    if (grant.clusters.length && !grant.clusters.some((p) => patternCoversPlace(p, where))) {
      return {
        allowed: false,
        reason: `Role ${role} (${identity.id}) does not have "${action}"${inPlace}: its clusters are ${clusters}.`,
      };
    }
    return { allowed: true, role };
  }
  if (!grant.clusters.some((pattern) => patternMatches(pattern, where))) {
    return {
      allowed: false,
      reason: `Role ${role} (${identity.id}) does not have "${action}" on cluster ${cluster ?? '(none)'}${inPlace}: its clusters are ${clusters}.`,
    };
  }
  return { allowed: true, role };
}

/**
 * Each target/region/cluster pattern whose target and region match none of Berth's places (a
 * typo in a target's name would otherwise quietly grant nothing), with its path in the file.
 */
export function patternsOutsidePlaces(
  policy: Policy,
  places: readonly { target: string; region: string }[],
): string[] {
  const problems: string[] = [];
  for (const [name, grant] of Object.entries(policy.roles)) {
    grant.clusters.forEach((pattern, i) => {
      const covered = places.some((place) =>
        patternCoversPlace(pattern, { ...place, cluster: undefined, named: true }),
      );
      if (!covered) {
        problems.push(
          `roles.${name}.clusters.${i}: ${pattern} names no target and region Berth shows (${places.map((p) => `${p.target}/${p.region}`).join(', ')}).`,
        );
      }
    });
  }
  return problems;
}
