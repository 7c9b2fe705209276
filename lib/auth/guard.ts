import 'server-only';
import { env } from '../env';
import { clusterExists, serviceIsActive } from '../aws/ecs-changes';
import type { ActionError } from '../actions/result';

/**
 * Who is calling. Until authentication modes exist every caller is "local"; this is where an
 * identity from a proxy header or a session will come from.
 */
export interface Caller {
  id: string;
}

export function currentCaller(): Caller {
  return { id: 'local' };
}

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
    return {
      code: 'forbidden',
      message: `Berth may not change cluster ${cluster}: it is not in BERTH_CLUSTERS.`,
      hint: `Add ${cluster} to BERTH_CLUSTERS (now: ${clusterAllowList.join(', ') || 'none'}) to allow it.`,
    };
  }
  return undefined;
}

/**
 * The one check every action passes before it reaches AWS: the caller, the policy, and that the
 * cluster and service it names exist now (read fresh, not from the cache).
 */
export async function authorize(
  caller: Caller,
  target: { cluster?: string; service?: string },
): Promise<ActionError | undefined> {
  if (!caller.id) return { code: 'forbidden', message: 'No caller identity.' };
  const refused = changePolicy(target.cluster);
  if (refused) return refused;
  // Account-level actions (registering a task definition) name no cluster.
  if (target.cluster === undefined) return undefined;
  if (!(await clusterExists(target.cluster))) {
    return {
      code: 'not-found',
      message: `Cluster ${target.cluster} does not exist in this region.`,
      hint: 'Check the cluster name, or the region Berth runs in.',
    };
  }
  if (target.service && !(await serviceIsActive(target.cluster, target.service))) {
    return {
      code: 'not-found',
      message: `Service ${target.service} is not an active service of cluster ${target.cluster}.`,
    };
  }
  return undefined;
}
