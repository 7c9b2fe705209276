/**
 * A world in this process, for unit tests of the ECS model: cluster `c`, task definitions
 * app:1 and app:2, and service `svc` on app:1, made by the sandbox's own operations.
 */
import { SimClock } from '../clock.js';
import type { Service, TaskDefinition } from '../ecs/model.js';
import { createCluster } from '../ecs/clusters.js';
import { createService } from '../ecs/services.js';
import { registerTaskDefinition } from '../ecs/task-definitions.js';
import type { JsonObject } from '../wire.js';
import { World } from '../world.js';

/** The next revision of family `app` (Fargate, awsvpc, 256/512, an execution role) with these containers. */
export function registerApp(world: World, containerDefinitions: JsonObject[]): TaskDefinition {
  registerTaskDefinition(world, {
    family: 'app',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    containerDefinitions,
  });
  return world.taskDefinitions.get('app')!.at(-1)!;
}

export function worldWithService(
  deploymentConfiguration: JsonObject,
  desiredCount: number,
): { world: World; service: Service } {
  const world = new World({
    clock: new SimClock(1),
    region: 'us-east-1',
    accountId: '123456789012',
  });
  createCluster(world, { clusterName: 'c' });
  for (const image of ['app:1', 'app:2']) {
    registerApp(world, [{ name: 'app', image, essential: true }]);
  }
  createService(world, {
    cluster: 'c',
    serviceName: 'svc',
    taskDefinition: 'app:1',
    desiredCount,
    deploymentConfiguration,
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
  });
  return { world, service: world.services.get('c')!.get('svc')! };
}
