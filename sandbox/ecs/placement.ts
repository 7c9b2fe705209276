/**
 * Where a new Fargate task's network interface goes. ECS spreads a service's tasks across the
 * Availability Zones of the subnets it is given, so each task goes to the zone holding fewest
 * of its group's live tasks (the first subnet listed on a tie). A subnet lives in one zone and
 * hands out addresses from one range, so the task's zone and address follow from its subnet.
 */
import type { World } from '../world.js';
import type { JsonObject } from '../wire.js';
import type { Cluster } from './model.js';
import { octet } from './timing.js';

/** The subnet a task gets when RunTask or the service names none (bridge or host mode). */
export const DEFAULT_SUBNET = 'subnet-0a1b2c3d4e5f60718';

export interface Placement {
  subnetId: string;
  availabilityZone: string;
  privateIp: string;
}

/** A stable number for a subnet id, so one subnet always reads the same zone and range. */
const subnetNumber = (subnetId: string) =>
  [...subnetId].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 1_000_003, 7);

export const zoneOf = (world: World, subnetId: string) =>
  `${world.region}${'abc'[subnetNumber(subnetId) % 3]}`;

/** The subnet's /24 in 10.0.0.0/16. */
export const rangeOf = (subnetId: string) => `10.0.${subnetNumber(subnetId) % 256}`;

export function placeTask(
  world: World,
  cluster: Cluster,
  group: string,
  networkConfiguration?: JsonObject,
): Placement {
  const listed = (networkConfiguration?.awsvpcConfiguration as JsonObject | undefined)?.subnets;
  const subnets = Array.isArray(listed)
    ? listed.filter((subnet): subnet is string => typeof subnet === 'string')
    : [];
  if (subnets.length === 0) subnets.push(DEFAULT_SUBNET);
  const perZone = new Map<string, number>();
  for (const task of world.tasks.values()) {
    // Live: meant to run. A task reads STOPPED only after a stop set desiredStatus.
    if (task.cluster !== cluster || task.group !== group || task.desiredStatus !== 'RUNNING') {
      continue;
    }
    perZone.set(task.availabilityZone, (perZone.get(task.availabilityZone) ?? 0) + 1);
  }
  const load = (subnet: string) => perZone.get(zoneOf(world, subnet)) ?? 0;
  const subnetId = subnets.reduce((best, subnet) => (load(subnet) < load(best) ? subnet : best));
  return {
    subnetId,
    availabilityZone: zoneOf(world, subnetId),
    privateIp: `${rangeOf(subnetId)}.${octet(world)}`,
  };
}
