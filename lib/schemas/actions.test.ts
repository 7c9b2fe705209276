/** The action inputs: what each accepts, and the exact message for what it refuses. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ApplyExecInput,
  ContainerInsightsInput,
  DeployImageInput,
  MAX_TASK_DEFINITION_BYTES,
  RegisterTaskDefinitionInput,
  RollbackInput,
  scaleInput,
  StopRolloutInput,
  StopTaskInput,
  TOO_BIG_MESSAGE,
} from './actions';

const target = { cluster: 'cruddur', service: 'backend-flask' };
const DEPLOYMENT =
  'arn:aws:ecs:us-east-1:123456789012:service-deployment/cruddur/backend-flask/Xk3-b_9';

/** The messages a refusal carries, in order; [] when the input is accepted. */
function refusals(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('names', () => {
  it.each([
    [{ ...target, cluster: undefined }, 'Cluster is required.'],
    [
      { ...target, cluster: '' },
      'Cluster names are 1-255 letters, digits, hyphens and underscores.',
    ],
    [
      { ...target, cluster: 'a'.repeat(256) },
      'Cluster names are 1-255 letters, digits, hyphens and underscores.',
    ],
    [
      { ...target, cluster: 'x/cruddur' },
      'Cluster names are 1-255 letters, digits, hyphens and underscores.',
    ],
    [
      { ...target, cluster: 'cruddur ' },
      'Cluster names are 1-255 letters, digits, hyphens and underscores.',
    ],
    [{ ...target, service: undefined }, 'Service is required.'],
    [
      { ...target, service: 'back end' },
      'Service names are 1-255 letters, digits, hyphens and underscores.',
    ],
  ])('refuses %j', (input, message) => {
    expect(refusals(RollbackInput.pick({ cluster: true, service: true }), input)).toEqual([
      message,
    ]);
  });

  it('accepts 255 characters of letters, digits, hyphens and underscores', () => {
    const name = `A_z-9${'x'.repeat(250)}`;
    expect(
      refusals(RollbackInput.pick({ cluster: true, service: true }), {
        cluster: name,
        service: name,
      }),
    ).toEqual([]);
  });
});

describe('task definition revisions', () => {
  it.each([
    'backend-flask:2',
    'arn:aws:ecs:us-east-1:123456789012:task-definition/backend-flask:12',
    'arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/backend-flask:1',
  ])('accepts %s', (taskDefinition) => {
    expect(refusals(RollbackInput, { ...target, taskDefinition })).toEqual([]);
  });

  it.each([
    [undefined, 'Choose a task definition revision.'],
    ['backend-flask', 'Give a task definition as family:revision or its ARN.'],
    ['backend-flask:', 'Give a task definition as family:revision or its ARN.'],
    ['x backend-flask:2', 'Give a task definition as family:revision or its ARN.'],
    ['backend-flask:2 x', 'Give a task definition as family:revision or its ARN.'],
    ['task-definition/backend-flask:2', 'Give a task definition as family:revision or its ARN.'],
    [
      'arn:aws:ecs:us-east-1:1234:task-definition/backend-flask:2',
      'Give a task definition as family:revision or its ARN.',
    ],
  ])('refuses %j', (taskDefinition, message) => {
    expect(refusals(RollbackInput, { ...target, taskDefinition })).toEqual([message]);
  });
});

describe('service deployment ARNs', () => {
  it('accepts a service deployment ARN, in any partition', () => {
    expect(refusals(StopRolloutInput, { ...target, serviceDeploymentArn: DEPLOYMENT })).toEqual([]);
    expect(
      refusals(StopRolloutInput, {
        ...target,
        serviceDeploymentArn: DEPLOYMENT.replace('arn:aws:', 'arn:aws-us-gov:'),
      }),
    ).toEqual([]);
  });

  it.each([
    [undefined, 'The service deployment to stop is required.'],
    [`x${DEPLOYMENT}`, 'Not a service deployment ARN.'],
    [`${DEPLOYMENT}/extra`, 'Not a service deployment ARN.'],
    [`${DEPLOYMENT} `, 'Not a service deployment ARN.'],
    [DEPLOYMENT.replace('arn:aws:', 'arn:aws1:'), 'Not a service deployment ARN.'],
    [DEPLOYMENT.replace('service-deployment', 'service'), 'Not a service deployment ARN.'],
  ])('refuses %j', (serviceDeploymentArn, message) => {
    expect(refusals(StopRolloutInput, { ...target, serviceDeploymentArn })).toEqual([message]);
  });
});

describe('desired counts', () => {
  const Scale = scaleInput(100);

  it.each([
    ['0', 0],
    ['100', 100],
    [7, 7],
  ])('takes %j as %d', (desiredCount, expected) => {
    expect(Scale.parse({ ...target, desiredCount }).desiredCount).toBe(expected);
  });

  it.each([
    ['', 'Desired count must be a whole number from 0 to 100.'],
    [' 2', 'Desired count must be a whole number from 0 to 100.'],
    ['5.0', 'Desired count must be a whole number from 0 to 100.'],
    ['0x2', 'Desired count must be a whole number from 0 to 100.'],
    ['1234567890', 'Desired count must be a whole number from 0 to 100.'],
    [2.5, 'Desired count must be a whole number from 0 to 100.'],
    [null, 'Desired count must be a whole number from 0 to 100.'],
    [false, 'Desired count must be a whole number from 0 to 100.'],
    [[], 'Desired count must be a whole number from 0 to 100.'],
    ['-1', 'Desired count cannot be negative.'],
    [-1, 'Desired count cannot be negative.'],
    ['101', 'Desired count can be at most 100 (BERTH_MAX_DESIRED_COUNT).'],
    ['999999999', 'Desired count can be at most 100 (BERTH_MAX_DESIRED_COUNT).'],
  ])('refuses %j', (desiredCount, message) => {
    expect(refusals(Scale, { ...target, desiredCount })).toEqual([message]);
  });

  it('takes an auto scaling range that holds the count, both ends or neither', () => {
    expect(
      Scale.parse({ ...target, desiredCount: '6', minCapacity: '2', maxCapacity: '6' }),
    ).toEqual({
      ...target,
      desiredCount: 6,
      minCapacity: 2,
      maxCapacity: 6,
    });
    expect(
      Scale.parse({ ...target, desiredCount: '2', minCapacity: '2', maxCapacity: '2' }),
    ).toEqual({
      ...target,
      desiredCount: 2,
      minCapacity: 2,
      maxCapacity: 2,
    });
    expect(Scale.parse({ ...target, desiredCount: '3' })).toEqual({ ...target, desiredCount: 3 });
  });

  // Each refusal names the field it is shown under (the form's fieldErrors).
  it.each([
    [
      { minCapacity: '1' },
      'maxCapacity',
      'Give both the minimum and the maximum of the auto scaling range, or neither.',
    ],
    [
      { maxCapacity: '9' },
      'maxCapacity',
      'Give both the minimum and the maximum of the auto scaling range, or neither.',
    ],
    [
      { minCapacity: '4', maxCapacity: '9' },
      'minCapacity',
      'The minimum must not be above the desired count: auto scaling would undo it.',
    ],
    [
      { minCapacity: '1', maxCapacity: '2' },
      'maxCapacity',
      'The maximum must not be below the desired count: auto scaling would undo it.',
    ],
    [
      { minCapacity: '', maxCapacity: '5' },
      'minCapacity',
      'Minimum tasks must be a whole number from 0 to 100.',
    ],
    [
      { minCapacity: '1', maxCapacity: '101' },
      'maxCapacity',
      'Maximum tasks can be at most 100 (BERTH_MAX_DESIRED_COUNT).',
    ],
    [{ minCapacity: '-1', maxCapacity: '5' }, 'minCapacity', 'Minimum tasks cannot be negative.'],
  ])('refuses the range %j around 3, under %s', (range, field, message) => {
    const parsed = Scale.safeParse({ ...target, desiredCount: '3', ...range });
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [field, message],
    ]);
  });
});

describe('switches', () => {
  it('Container Insights takes enhanced, enabled or disabled, nothing else', () => {
    for (const value of ['enhanced', 'enabled', 'disabled']) {
      expect(refusals(ContainerInsightsInput, { cluster: 'cruddur', value })).toEqual([]);
    }
    expect(refusals(ContainerInsightsInput, { cluster: 'cruddur', value: 'on' })).toEqual([
      'Container Insights is enhanced, enabled or disabled.',
    ]);
  });

  it('ECS Exec takes "true" or "false" as a boolean', () => {
    expect(ApplyExecInput.parse({ ...target, enable: 'true' }).enable).toBe(true);
    expect(ApplyExecInput.parse({ ...target, enable: 'false' }).enable).toBe(false);
    expect(refusals(ApplyExecInput, { ...target, enable: 'yes' })).toEqual([
      'Say whether ECS Exec should be on.',
    ]);
  });
});

describe('stop task', () => {
  const task = '0123456789abcdef0123456789abcdef';

  it('takes a task id, an optional service, and a trimmed reason (blank is none)', () => {
    expect(StopTaskInput.parse({ cluster: 'cruddur', task, reason: '  stuck  ' })).toEqual({
      cluster: 'cruddur',
      task,
      reason: 'stuck',
    });
    expect(StopTaskInput.parse({ cluster: 'cruddur', task, reason: '   ' }).reason).toBeUndefined();
    expect(StopTaskInput.parse({ cluster: 'cruddur', task: 'custom-id-1' }).task).toBe(
      'custom-id-1',
    );
    expect(refusals(StopTaskInput, { cluster: 'cruddur', task, reason: 'r'.repeat(255) })).toEqual(
      [],
    );
  });

  it.each([
    [{ task: undefined }, 'Task is required.'],
    [{ task: '' }, 'Not a task id.'],
    [{ task: 'a'.repeat(65) }, 'Not a task id.'],
    [{ task: `${task}/x` }, 'Not a task id.'],
    [{ task: `x ${task}` }, 'Not a task id.'],
    [{ task, reason: 'r'.repeat(256) }, 'Keep the reason under 255 characters.'],
  ])('refuses %j', (fields, message) => {
    expect(refusals(StopTaskInput, Object.assign({ cluster: 'cruddur', task }, fields))).toEqual([
      message,
    ]);
  });
});

describe('image references', () => {
  const digest = `@sha256:${'a'.repeat(64)}`;

  it.each([
    'nginx',
    'nginx:1.27',
    'public.ecr.aws/xray/aws-xray-daemon',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/backend-flask:latest',
    `registry.local:5000/team/app:v1${digest}`,
    `backend-flask${digest}`,
  ])('accepts %s', (image) => {
    expect(refusals(DeployImageInput, { ...target, container: 'backend-flask', image })).toEqual(
      [],
    );
  });

  it.each([
    [{ image: undefined }, 'Choose an image.'],
    [{ image: 'app:tag; rm -rf /' }, 'Not an image reference such as registry/repository:tag.'],
    [{ image: ' app' }, 'Not an image reference such as registry/repository:tag.'],
    [{ image: 'registry:port/app' }, 'Not an image reference such as registry/repository:tag.'],
    [
      { image: `app:${'t'.repeat(129)}` },
      'Not an image reference such as registry/repository:tag.',
    ],
    [{ image: 'app@sha256:abc' }, 'Not an image reference such as registry/repository:tag.'],
    [
      { image: `app@sha256:${'g'.repeat(64)}` },
      'Not an image reference such as registry/repository:tag.',
    ],
    [{ container: undefined }, 'Choose the container to update.'],
    [{ container: 'web app' }, 'Not a container name.'],
  ])('refuses %j', (fields, message) => {
    expect(
      refusals(DeployImageInput, {
        ...target,
        container: 'backend-flask',
        image: 'nginx',
        ...fields,
      }),
    ).toEqual([message]);
  });

  it('accepts a tag of exactly 128 characters', () => {
    expect(
      refusals(DeployImageInput, { ...target, container: 'c', image: `app:${'t'.repeat(128)}` }),
    ).toEqual([]);
  });
});

describe('register', () => {
  it('refuses nothing, an empty text and more than 64 KiB (counted in bytes, not characters)', () => {
    expect(refusals(RegisterTaskDefinitionInput, {})).toEqual([
      'Paste or upload the task definition JSON.',
    ]);
    expect(refusals(RegisterTaskDefinitionInput, { json: '' })).toEqual([
      'Paste or upload the task definition JSON.',
    ]);
    expect(
      refusals(RegisterTaskDefinitionInput, { json: 'x'.repeat(MAX_TASK_DEFINITION_BYTES) }),
    ).toEqual([]);
    expect(
      refusals(RegisterTaskDefinitionInput, { json: 'x'.repeat(MAX_TASK_DEFINITION_BYTES + 1) }),
    ).toEqual([TOO_BIG_MESSAGE]);
    // 32,769 two-byte characters: under the limit in characters, over it in bytes.
    expect(refusals(RegisterTaskDefinitionInput, { json: 'é'.repeat(32_769) })).toEqual([
      TOO_BIG_MESSAGE,
    ]);
  });
});
