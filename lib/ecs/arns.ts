/**
 * ECS ARNs taken apart, so an action can check the thing AWS will act on rather than the names
 * a form sent beside it. Pure; no I/O.
 *
 *   arn:aws:ecs:us-east-1:123456789012:service/cruddur/backend-flask
 *   arn:aws:ecs:us-east-1:123456789012:service-deployment/cruddur/backend-flask/Xk3...
 *   arn:aws:ecs:us-east-1:123456789012:task/cruddur/0123abcd...
 *   arn:aws:ecs:us-east-1:123456789012:task-definition/backend-flask:3
 */
export interface EcsArn {
  partition: string;
  region: string;
  account: string;
  /** service, service-deployment, task, task-definition, cluster... */
  type: string;
  /** What follows the type, split on "/". */
  path: string[];
}

/** An ECS or ECR ARN taken apart: which service, and the EcsArn fields. */
export interface ServiceArn extends EcsArn {
  service: 'ecs' | 'ecr';
  /** At least one part: the type's name (cluster, family:revision, repository...). */
  path: [string, ...string[]];
}

const ARN = /^arn:(aws[a-z-]*):(ecs|ecr):([a-z0-9-]+):(\d{12}):([a-z-]+)\/(.+)$/;

export function parseArn(value: string): ServiceArn | undefined {
  const match = ARN.exec(value);
  if (!match) return undefined;
  // Every group takes part in a match, so none is undefined here; `.+` leaves a first part.
  const [, partition, service, region, account, type, rest] = match as unknown as [
    string,
    string,
    'ecs' | 'ecr',
    string,
    string,
    string,
    string,
  ];
  const path = rest.split('/') as [string, ...string[]];
  return { service, partition, region, account, type, path };
}

export function parseEcsArn(value: string): EcsArn | undefined {
  const arn = parseArn(value);
  if (arn?.service !== 'ecs') return undefined;
  const { partition, region, account, type, path } = arn;
  return { partition, region, account, type, path };
}

/** "partition:region:account": where an ARN lives. Two ARNs in one place share it. */
export const arnScope = (arn: EcsArn) => `${arn.partition}:${arn.region}:${arn.account}`;

/** The cluster and service a service deployment ARN belongs to. */
export function serviceDeploymentTarget(value: string) {
  const arn = parseEcsArn(value);
  if (arn?.type !== 'service-deployment' || arn.path.length !== 3) return undefined;
  const [cluster, service] = arn.path as [string, string, string];
  return { arn, cluster, service };
}

/** The service a task was started by: ECS sets the task's group to `service:<name>`. */
export function serviceOfGroup(group: string | undefined): string | undefined {
  return group?.startsWith('service:') ? group.slice('service:'.length) : undefined;
}
