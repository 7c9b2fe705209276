import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { env } from '../env';
import {
  clustersUsingFamily,
  describeClusterFresh,
  describeServiceFresh,
} from '../aws/ecs-changes';
import { arnScope, parseEcsArn } from '../ecs/arns';
import type { ActionError } from '../actions/result';
import { LOCAL_CALLER, noIdentityMessage, resolveCaller, type Caller } from './identity';
import { BERTH_ACTIONS, decide, roleOf, type BerthAction } from './policy';
import { clientAddress } from '../http/client-address';
import { placeForPolicy, type Place } from '../targets/place';

export type { Caller };

/** What to do instead, by the kind of ARN that named another account or region. */
const OTHER_PLACE_HINTS: Record<string, string> = {
  'task-definition': 'Choose a revision registered in the account and region the service runs in.',
  'service-deployment': 'Stop the rollout from the page of the service it belongs to.',
};

/**
 * Who is calling this request, by BERTH_AUTH; undefined when the request carries no identity
 * Berth believes (answer 401). In `none` mode no header is read: everyone is "local". Once per
 * request (React cache): the header, every view and the page ask, and in `alb` mode each ask
 * would verify the token again.
 */
export const currentCaller = cache(readCaller);

async function readCaller(): Promise<Caller | undefined> {
  const settings = env();
  if (settings.auth === 'none') return LOCAL_CALLER;
  let requestHeaders: Headers;
  try {
    requestHeaders = new Headers(await headers());
  } catch {
    return undefined; // not inside a request: nobody to believe
  }
  return resolveCaller(requestHeaders, settings);
}

/** Actions that change something in AWS (the log tail and revealing a value only read). */
const CHANGES = BERTH_ACTIONS.filter((action) => action !== 'logs' && action !== 'reveal-secret');

/**
 * Whether to offer `caller` changes on `cluster` in `place` (buttons shown): Berth may change it
 * at all (read-only mode, BERTH_CLUSTERS) and their role has `action` there, or any change
 * without one. The guard still decides each action; this only keeps refused buttons off the page.
 */
export function mayChange(
  caller: Caller | undefined,
  place: Place,
  cluster: string | undefined,
  action?: BerthAction,
): boolean {
  if (changePolicy(cluster)) return false;
  return (action ? [action] : CHANGES).some((a) => !permission(caller, a, place, cluster));
}

/**
 * Why a page offers `caller` no changes on `cluster`, when it offers none: read-only mode,
 * BERTH_CLUSTERS, or a role without changes there (the guard's own refusal, which names them).
 */
export function whyNoChanges(
  caller: Caller | undefined,
  place: Place,
  cluster: string | undefined,
): string | undefined {
  if (mayChange(caller, place, cluster)) return undefined;
  return (changePolicy(cluster) ?? permission(caller, 'redeploy', place, cluster))?.message;
}

/** The role a caller acts in, for the audit trail and the header. */
export function roleName(caller: Caller): string {
  const { policy } = env();
  if (policy) return roleOf(policy, caller) ?? '(no role)';
  return caller.mode === 'none' ? 'everything (no sign-in, no policy)' : 'viewer';
}

/** Where a request comes from, for the audit trail: address and browser, as given. */
export async function requestOrigin(): Promise<{ address?: string; userAgent?: string }> {
  try {
    const requestHeaders = new Headers(await headers());
    const agent = requestHeaders.get('user-agent');
    return {
      address: clientAddress(requestHeaders, env().trustedProxies),
      ...(agent ? { userAgent: agent.slice(0, 512) } : {}),
    };
  } catch {
    return {}; // not inside a request (tests, scripts)
  }
}

/** A request without an identity Berth believes: nothing is read, checked or changed. */
export const unauthenticated = (): ActionError => ({
  code: 'unauthenticated',
  message: noIdentityMessage(env().auth),
});

/**
 * Whether the policy lets `caller` take `action` in `place` (on `cluster`). Without a policy
 * file, `none` mode lets everyone do everything (a laptop) and a signed-in mode makes everyone a
 * viewer. Decided before anything else, so a refusal costs no AWS call.
 */
export function permission(
  caller: Caller | undefined,
  action: BerthAction,
  place: Place,
  cluster: string | undefined,
): ActionError | undefined {
  if (!caller) return unauthenticated();
  const { policy } = env();
  if (!policy) {
    if (caller.mode === 'none') return undefined;
    return {
      code: 'forbidden',
      message: `${caller.id} is a viewer: without BERTH_POLICY_FILE everyone signed in may only read.`,
      hint: 'Give roles in a policy file (README: Running Berth for a team).',
    };
  }
  const decision = decide(policy, caller, action, placeForPolicy(place, cluster));
  return decision.allowed
    ? undefined
    : {
        code: 'forbidden',
        message: decision.reason,
        hint: 'Ask an admin of Berth for a role that allows it.',
      };
}

/**
 * What an action will change, derived from what AWS will act on (ARNs parsed, a task's real
 * service read from ECS), never from the names a form sent beside them.
 */
export interface ActionTarget {
  cluster?: string;
  service?: string;
  /**
   * ECS ARNs in the request besides the service (a task definition, a service deployment):
   * they must live in the service's partition, region and account.
   */
  arns?: string[];
  /** Registering a revision: its family, checked against the clusters that use it. */
  family?: string;
}

const notInAllowList = (cluster: string, allowList: string[]): ActionError => ({
  code: 'forbidden',
  message: `Berth may not change cluster ${cluster}: it is not in BERTH_CLUSTERS.`,
  hint: `Add ${cluster} to BERTH_CLUSTERS (now: ${allowList.join(', ') || 'none'}) to allow it.`,
});

/**
 * Whether Berth may change `cluster` at all: read-only mode and the BERTH_CLUSTERS allow-list.
 * The UI uses it to hide buttons; the guard below enforces it.
 */
export function changePolicy(cluster: string | undefined): ActionError | undefined {
  const { readOnly, clusterAllowList } = env();
  if (readOnly) {
    return {
      code: 'read-only',
      message: 'Berth is running read-only (BERTH_READ_ONLY=1): it changes nothing.',
      hint: 'Restart Berth without BERTH_READ_ONLY to allow actions.',
    };
  }
  if (cluster !== undefined && clusterAllowList && !clusterAllowList.includes(cluster)) {
    return notInAllowList(cluster, clusterAllowList);
  }
  return undefined;
}

/**
 * With an allow-list, a family whose revisions only forbidden clusters run may not get new
 * revisions from Berth (a service deploying "family" takes the latest). A family no service
 * uses yet, or one an allowed cluster uses, may.
 */
async function familyPolicy(family: string): Promise<ActionError | undefined> {
  const { clusterAllowList } = env();
  if (!clusterAllowList) return undefined;
  const users = await clustersUsingFamily(family);
  if (users.length === 0 || users.some((cluster) => clusterAllowList.includes(cluster))) {
    return undefined;
  }
  return {
    code: 'forbidden',
    message: `Berth may not register revisions of ${family}: only ${users.join(', ')} use${users.length === 1 ? 's' : ''} it, and ${users.length === 1 ? 'it is' : 'they are'} not in BERTH_CLUSTERS.`,
    hint: `Add a cluster that runs ${family} to BERTH_CLUSTERS to allow it.`,
  };
}

/**
 * The one check every action passes before it reaches AWS: the caller's role, the policy, and that the
 * cluster and service it names exist now (read fresh, not from the cache), and that every ARN it
 * sends lives where the service does.
 */
export async function authorize(
  caller: Caller | undefined,
  action: BerthAction,
  target: ActionTarget,
  place: Place,
): Promise<ActionError | undefined> {
  const denied = permission(caller, action, place, target.cluster);
  if (denied) return denied;
  const refused = changePolicy(target.cluster);
  if (refused) return refused;
  if (target.family) {
    const familyRefused = await familyPolicy(target.family);
    if (familyRefused) return familyRefused;
  }
  // Account-level actions (registering a task definition) name no cluster.
  if (target.cluster === undefined) return undefined;
  if (!(await describeClusterFresh(target.cluster))) {
    return {
      code: 'not-found',
      message: `Cluster ${target.cluster} does not exist in this region.`,
      hint: 'Check the cluster name, or the region Berth runs in.',
    };
  }
  if (!target.service) return undefined;
  const service = await describeServiceFresh(target.cluster, target.service);
  if (!service) {
    return {
      code: 'not-found',
      message: `Service ${target.service} is not an active service of cluster ${target.cluster}.`,
    };
  }
  const home = parseEcsArn(service.serviceArn);
  for (const value of target.arns ?? []) {
    const arn = parseEcsArn(value);
    if (arn && home && arnScope(arn) !== arnScope(home)) {
      return {
        code: 'invalid',
        message: `${value} is in ${arn.partition} ${arn.region} of account ${arn.account}; ${target.service} runs in ${home.partition} ${home.region} of account ${home.account}.`,
        hint: OTHER_PLACE_HINTS[arn.type],
      };
    }
  }
  return undefined;
}
