import { describe, expect, it } from 'vitest';
import { arnScope, parseArn, parseEcsArn, serviceDeploymentTarget, serviceOfGroup } from './arns';

describe('parseEcsArn', () => {
  it('takes a task definition ARN apart', () => {
    expect(
      parseEcsArn('arn:aws:ecs:us-east-1:123456789012:task-definition/backend-flask:3'),
    ).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      type: 'task-definition',
      path: ['backend-flask:3'],
    });
  });

  it.each([
    'backend-flask:3',
    'arn:aws:ecs:us-east-1:12345678901:task-definition/x:1',
    'arn:aws:ecr:us-east-1:123456789012:repository/x',
    'arn:aws:ecs:us-east-1:123456789012:task-definition',
    'xarn:aws:ecs:us-east-1:123456789012:task-definition/x:1',
    'arn:aws:ecs:us-east-1:123456789012:service/c/web\nx',
    '',
  ])('refuses %j', (value) => {
    expect(parseEcsArn(value)).toBeUndefined();
  });

  it('scopes by partition, region and account', () => {
    const china = parseEcsArn('arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/x:1');
    expect(china && arnScope(china)).toBe('aws-cn:cn-north-1:123456789012');
  });
});

describe('serviceDeploymentTarget', () => {
  it('names the cluster and service a deployment belongs to', () => {
    const target = serviceDeploymentTarget(
      'arn:aws:ecs:us-east-1:123456789012:service-deployment/cruddur/backend-flask/abc',
    );
    expect(target && { cluster: target.cluster, service: target.service }).toEqual({
      cluster: 'cruddur',
      service: 'backend-flask',
    });
  });

  it.each([
    'arn:aws:ecs:us-east-1:123456789012:service/cruddur/backend-flask',
    'arn:aws:ecs:us-east-1:123456789012:service-deployment/cruddur/backend-flask',
    'arn:aws:ecs:us-east-1:123456789012:service-deployment/a/b/c/d',
  ])('refuses %j', (value) => {
    expect(serviceDeploymentTarget(value)).toBeUndefined();
  });
});

describe('serviceOfGroup', () => {
  it.each([
    ['service:backend-flask', 'backend-flask'],
    ['family:backend-flask', undefined],
    ['backend-flask', undefined],
    [undefined, undefined],
  ])('%j -> %j', (group, service) => {
    expect(serviceOfGroup(group)).toBe(service);
  });
});

describe('a path with more parts', () => {
  it('keeps every part', () => {
    expect(
      parseEcsArn('arn:aws:ecs:us-east-1:123456789012:service-deployment/cruddur/web/abc')?.path,
    ).toEqual(['cruddur', 'web', 'abc']);
  });
});

describe('parseArn', () => {
  it('takes ECR ARNs apart too, naming the service', () => {
    expect(parseArn('arn:aws:ecr:us-east-1:210987654321:repository/team/backend-flask')).toEqual({
      service: 'ecr',
      partition: 'aws',
      region: 'us-east-1',
      account: '210987654321',
      type: 'repository',
      path: ['team', 'backend-flask'],
    });
    expect(parseArn('arn:aws:ecs:us-east-1:210987654321:cluster/cruddur')?.service).toBe('ecs');
  });

  it('is not an ECS ARN when the service is ECR', () => {
    expect(parseEcsArn('arn:aws:ecr:us-east-1:210987654321:repository/x')).toBeUndefined();
    expect(parseArn('arn:aws:logs:us-east-1:210987654321:log-group/x')).toBeUndefined();
  });
});
