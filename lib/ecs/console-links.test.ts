import { describe, expect, it } from 'vitest';
import { consoleUrl } from './console-links';

const ECS = 'arn:aws:ecs:eu-west-1:123456789012';

describe('consoleUrl', () => {
  it.each([
    [
      `${ECS}:cluster/cruddur`,
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/cruddur/services?region=eu-west-1',
    ],
    [
      `${ECS}:service/cruddur/backend-flask`,
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/cruddur/services/backend-flask/health?region=eu-west-1',
    ],
    [
      `${ECS}:task/cruddur/0123456789abcdef0123456789abcdef`,
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/cruddur/tasks/0123456789abcdef0123456789abcdef/configuration?region=eu-west-1',
    ],
    [
      `${ECS}:task-definition/backend-flask:12`,
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/task-definitions/backend-flask/12/containers?region=eu-west-1',
    ],
    [
      'arn:aws:ecr:us-east-1:210987654321:repository/team/backend-flask',
      'https://us-east-1.console.aws.amazon.com/ecr/repositories/private/210987654321/team/backend-flask?region=us-east-1',
    ],
    [
      'arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod',
      'https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/prod/services?region=cn-north-1',
    ],
    [
      'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod',
      'https://us-gov-west-1.console.amazonaws-us-gov.com/ecs/v2/clusters/prod/services?region=us-gov-west-1',
    ],
  ])('%s', (arn, url) => {
    expect(consoleUrl(arn)).toBe(url);
  });

  it.each([
    'cruddur',
    `${ECS}:cluster/a/b`,
    `${ECS}:service/cruddur`,
    `${ECS}:task/cruddur`,
    `${ECS}:task-definition/backend-flask`,
    `${ECS}:task-definition/backend-flask:2/x`,
    `${ECS}:container-instance/cruddur/abc`,
    'arn:aws:ecr:us-east-1:210987654321:image/x',
    'arn:aws-iso:ecs:us-iso-east-1:123456789012:cluster/prod',
    'arn:aws:logs:us-east-1:123456789012:log-group/x',
    ` ${ECS}:cluster/cruddur`,
    `${ECS}:task-definition/backend-flask:12x`,
    `${ECS}:task-definition/backend-flask:x12`,
    `${ECS}:task-definition/backend-flask:`,
    `${ECS}:task-definition/a:1:2`,
    `${ECS}:service/cruddur/`,
    `${ECS}:task/cruddur/`,
    `${ECS}:repository/cruddur`,
    'arn:aws:ecr:us-east-1:210987654321:cluster/cruddur',
  ])('has no console page for %s', (arn) => {
    expect(consoleUrl(arn)).toBeUndefined();
  });
});
