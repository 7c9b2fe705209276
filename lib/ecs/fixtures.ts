/** Small builders of Berth types for the pure-logic tests. */
import type { Deployment, Service, Task } from '../aws/types';

export const ref = (family: string, revision: number) => ({
  arn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`,
  family,
  revision,
});

export function deployment(extra: Partial<Deployment> = {}): Deployment {
  return {
    id: 'ecs-svc/1111111111111111111',
    status: 'PRIMARY',
    taskDefinition: ref('web', 2),
    desired: 2,
    running: 2,
    pending: 0,
    failedTasks: 0,
    rolloutState: 'COMPLETED',
    ...extra,
  };
}

export function service(extra: Partial<Service> = {}): Service {
  return {
    name: 'web',
    arn: 'arn:aws:ecs:us-east-1:123456789012:service/c/web',
    clusterName: 'c',
    status: 'ACTIVE',
    desired: 2,
    running: 2,
    pending: 0,
    taskDefinition: ref('web', 2),
    enableExecuteCommand: true,
    deployments: [deployment()],
    events: [],
    loadBalancers: [],
    ...extra,
  };
}

export function task(id: string, extra: Partial<Task> = {}): Task {
  return {
    id,
    arn: `arn:aws:ecs:us-east-1:123456789012:task/c/${id}`,
    clusterName: 'c',
    serviceName: 'web',
    taskDefinition: ref('web', 2),
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    healthStatus: 'HEALTHY',
    enableExecuteCommand: true,
    containers: [],
    ...extra,
  };
}
