import type { Service as SdkService } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import type { Task } from '../aws/types';
import { liveTaskSignatures, serviceMoving } from './service-motion';

/** A steady service: ACTIVE, one COMPLETED deployment, everything desired running. */
const steady = (): SdkService => ({
  serviceName: 'backend-flask',
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED' }],
});

describe('serviceMoving', () => {
  it('a steady service is not moving, with or without the ECS controller named', () => {
    expect(serviceMoving(steady())).toBe(false);
    expect(serviceMoving({ ...steady(), deploymentController: { type: 'ECS' } })).toBe(false);
    expect(serviceMoving({ ...steady(), pendingCount: undefined })).toBe(false);
  });

  it.each<[string, Partial<SdkService>]>([
    ['draining', { status: 'DRAINING' }],
    ['with no status', { status: undefined }],
    ['deployed by CodeDeploy', { deploymentController: { type: 'CODE_DEPLOY' } }],
    ['deployed externally', { deploymentController: { type: 'EXTERNAL' } }],
    [
      'rolling out',
      { deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }] },
    ],
    [
      'with a failed rollout',
      { deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY', rolloutState: 'FAILED' }] },
    ],
    [
      'with two deployments',
      {
        deployments: [
          { id: 'ecs-svc/2', status: 'PRIMARY', rolloutState: 'COMPLETED' },
          { id: 'ecs-svc/1', status: 'ACTIVE', rolloutState: 'COMPLETED' },
        ],
      },
    ],
    ['with no deployment', { deployments: [] }],
    ['with no deployments field', { deployments: undefined }],
    ['missing a task', { runningCount: 1 }],
    ['scaling', { desiredCount: 3 }],
    ['starting a task', { pendingCount: 1 }],
  ])('a service %s is moving', (_, change) => {
    expect(serviceMoving({ ...steady(), ...change })).toBe(true);
  });
});

const task = (arn: string, serviceName: string | undefined, lastStatus: string) =>
  ({ arn, serviceName, lastStatus }) as Task;

describe('liveTaskSignatures', () => {
  it('names each task and its status per service, in a stable order, standalone tasks left out', () => {
    const signatures = liveTaskSignatures([
      task('arn:task/b', 'web', 'RUNNING'),
      task('arn:task/a', 'web', 'PENDING'),
      task('arn:task/c', 'worker', 'RUNNING'),
      task('arn:task/d', undefined, 'RUNNING'),
    ]);
    expect([...signatures]).toEqual([
      ['web', 'arn:task/a PENDING,arn:task/b RUNNING'],
      ['worker', 'arn:task/c RUNNING'],
    ]);
    // The same tasks in another order: the same signature.
    expect(
      liveTaskSignatures([
        task('arn:task/a', 'web', 'PENDING'),
        task('arn:task/b', 'web', 'RUNNING'),
      ]),
    ).toEqual(new Map([['web', 'arn:task/a PENDING,arn:task/b RUNNING']]));
  });
});
