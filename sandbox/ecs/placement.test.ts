/**
 * Where a task's network interface goes (placement.ts): spread over the zones of the subnets
 * it is given, its zone and address following from its subnet.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from './clusters.js';
import { worldWithService } from '../tests/in-process-world.js';
import type { JsonObject } from '../wire.js';
import type { World } from '../world.js';
import { DEFAULT_SUBNET, placeTask, rangeOf, zoneOf } from './placement.js';
import { launchTask, stopTask } from './task-lifecycle.js';

let world: World;

beforeEach(() => {
  ({ world } = worldWithService({}, 0));
  createCluster(world, { clusterName: 'other' });
});

const inSubnets = (...subnets: unknown[]): JsonObject => ({
  awsvpcConfiguration: { subnets } as JsonObject,
});

function launch(subnets: JsonObject, group = 'service:web', cluster = 'c') {
  return launchTask(world, {
    cluster: world.cluster(cluster),
    definition: world.taskDefinitions.get('app')![0]!,
    group,
    enableExecuteCommand: false,
    networkConfiguration: subnets,
  });
}

describe('a subnet', () => {
  it('always reads one zone and one /24, whatever else is asked', () => {
    expect(zoneOf(world, 'subnet-0a1b2c3d4e5f60718')).toBe('us-east-1a');
    expect(zoneOf(world, 'subnet-0b2c3d4e5f6071829')).toBe('us-east-1c');
    expect(['subnet-a', 'subnet-b', 'subnet-c'].map((s) => zoneOf(world, s))).toEqual([
      'us-east-1a',
      'us-east-1b',
      'us-east-1c',
    ]);
    expect(rangeOf('subnet-0a1b2c3d4e5f60718')).toBe('10.0.87');
    expect(rangeOf('subnet-0b2c3d4e5f6071829')).toBe('10.0.25');
    expect(rangeOf('subnet-a')).toBe('10.0.20');
  });
});

describe('placeTask', () => {
  it("spreads a group's tasks over its subnets' zones, the first listed on a tie", () => {
    const subnets = inSubnets('subnet-a', 'subnet-b', 'subnet-c');
    const tasks = Array.from({ length: 7 }, () => launch(subnets));
    expect(tasks.map((t) => t.eni.subnetId)).toEqual([
      'subnet-a',
      'subnet-b',
      'subnet-c',
      'subnet-a',
      'subnet-b',
      'subnet-c',
      'subnet-a',
    ]);
    expect(tasks.map((t) => t.availabilityZone)).toEqual(
      tasks.map((t) => zoneOf(world, t.eni.subnetId)),
    );
    for (const task of tasks) {
      expect(task.eni.privateIp).toMatch(new RegExp(`^${rangeOf(task.eni.subnetId)}\\.\\d+$`));
      const last = Number(task.eni.privateIp.split('.')[3]);
      expect(last).toBeGreaterThanOrEqual(2);
      expect(last).toBeLessThanOrEqual(251);
    }
  });

  it('stays in the subnets it is given, even with a zone of none of their tasks', () => {
    const subnets = inSubnets('subnet-b', 'subnet-c');
    expect([1, 2, 3].map(() => launch(subnets).eni.subnetId)).toEqual([
      'subnet-b',
      'subnet-c',
      'subnet-b',
    ]);
  });

  it('counts by zone: two subnets in one zone share its count', () => {
    expect(zoneOf(world, 'subnet-1')).toBe('us-east-1a');
    const subnets = inSubnets('subnet-a', 'subnet-1', 'subnet-b');
    expect([1, 2, 3, 4].map(() => launch(subnets).eni.subnetId)).toEqual([
      'subnet-a',
      'subnet-b',
      'subnet-a',
      'subnet-b',
    ]);
  });

  it("counts only the group's live tasks in this cluster", () => {
    const subnets = inSubnets('subnet-a', 'subnet-b');
    launch(inSubnets('subnet-a'), 'service:api');
    launch(inSubnets('subnet-a'), 'service:web', 'other');
    const first = launch(subnets);
    expect(first.eni.subnetId).toBe('subnet-a');
    stopTask(world, first, 'UserInitiated', 'Task stopped by user');
    expect(launch(subnets).eni.subnetId).toBe('subnet-a');
    expect(launch(subnets).eni.subnetId).toBe('subnet-b');
  });

  it('reads only the subnet ids it is given, else the default subnet', () => {
    const cluster = world.cluster('c');
    expect(placeTask(world, cluster, 'g', inSubnets(7, 'subnet-b')).subnetId).toBe('subnet-b');
    for (const none of [undefined, {}, inSubnets(), inSubnets(7), { awsvpcConfiguration: {} }]) {
      expect(placeTask(world, cluster, 'g', none)).toMatchObject({
        subnetId: DEFAULT_SUBNET,
        availabilityZone: 'us-east-1a',
      });
    }
    expect(placeTask(world, cluster, 'g').privateIp).toMatch(/^10\.0\.87\.\d+$/);
  });
});
