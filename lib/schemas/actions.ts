/**
 * Inputs of Berth's actions, checked before anything reaches AWS. Messages say what is wrong
 * and how to fix it; they are shown next to the field.
 */
import { z } from 'zod';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

export const ClusterName = z
  .string({ message: 'Cluster is required.' })
  .regex(NAME, 'Cluster names are 1-255 letters, digits, hyphens and underscores.');

export const ServiceName = z
  .string({ message: 'Service is required.' })
  .regex(NAME, 'Service names are 1-255 letters, digits, hyphens and underscores.');

export const TaskDefinitionArn = z
  .string({ message: 'Choose a task definition revision.' })
  .regex(
    /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}:\d+$/,
    'Give a task definition as family:revision or its ARN.',
  );

export const ServiceTarget = z.object({ cluster: ClusterName, service: ServiceName });

export const RedeployInput = ServiceTarget;

export const RollbackInput = ServiceTarget.extend({ taskDefinition: TaskDefinitionArn });

export const StopRolloutInput = ServiceTarget.extend({
  serviceDeploymentArn: z
    .string({ message: 'The service deployment to stop is required.' })
    .regex(
      /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service-deployment\/[\w-]+\/[\w-]+\/[\w-]+$/,
      'Not a service deployment ARN.',
    ),
});

/**
 * A whole number from a form (digits only) or JSON (an integer). Nothing is coerced: blanks,
 * null, false, [], "0x2" and "5.0" are errors, not 0 or 2.
 */
const wholeNumber = (message: string) =>
  z.union(
    [
      z.number().int(message),
      z
        .string()
        .regex(/^-?\d{1,9}$/, message)
        .transform(Number),
    ],
    { message },
  );

const boundedCount = (what: string, max: number) =>
  wholeNumber(`${what} must be a whole number from 0 to ${max}.`).pipe(
    z
      .number()
      .min(0, `${what} cannot be negative.`)
      .max(max, `${what} can be at most ${max} (BERTH_MAX_DESIRED_COUNT).`),
  );

/**
 * desiredCount is bounded by BERTH_MAX_DESIRED_COUNT, so a typo cannot start 10,000 tasks. With
 * auto scaling, the same confirmation may move its range (minCapacity and maxCapacity, both or
 * neither) so that it holds the new count: otherwise the next scaling action undoes it.
 */
export const scaleInput = (max: number) =>
  ServiceTarget.extend({
    desiredCount: boundedCount('Desired count', max),
    minCapacity: boundedCount('Minimum tasks', max).optional(),
    maxCapacity: boundedCount('Maximum tasks', max).optional(),
  })
    .refine((i) => (i.minCapacity === undefined) === (i.maxCapacity === undefined), {
      message: 'Give both the minimum and the maximum of the auto scaling range, or neither.',
      path: ['maxCapacity'],
    })
    .refine((i) => i.minCapacity === undefined || i.minCapacity <= i.desiredCount, {
      message: 'The minimum must not be above the desired count: auto scaling would undo it.',
      path: ['minCapacity'],
    })
    .refine((i) => i.maxCapacity === undefined || i.desiredCount <= i.maxCapacity, {
      message: 'The maximum must not be below the desired count: auto scaling would undo it.',
      path: ['maxCapacity'],
    });

export const ContainerInsightsInput = z.object({
  cluster: ClusterName,
  value: z.enum(['enhanced', 'enabled', 'disabled'], {
    message: 'Container Insights is enhanced, enabled or disabled.',
  }),
});

export const ApplyExecInput = ServiceTarget.extend({
  enable: z
    .enum(['true', 'false'], { message: 'Say whether ECS Exec should be on.' })
    .transform((v) => v === 'true'),
});

export const StopTaskInput = z.object({
  cluster: ClusterName,
  service: ServiceName.optional(),
  task: z
    .string({ message: 'Task is required.' })
    // A task id (32 hex digits) or a custom id of up to 64 letters, digits and hyphens.
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a task id.'),
  reason: z
    .string()
    .trim()
    .max(255, 'Keep the reason under 255 characters.')
    .optional()
    .transform((r) => (r ? r : undefined)),
});

export const DeployRevisionInput = RollbackInput;

export const DeployImageInput = ServiceTarget.extend({
  container: z
    .string({ message: 'Choose the container to update.' })
    .regex(NAME, 'Not a container name.'),
  image: z
    .string({ message: 'Choose an image.' })
    .regex(
      /^[\w.-]+(:\d+)?(\/[\w.-]+)*(:[\w.-]{1,128})?(@sha256:[a-f0-9]{64})?$/,
      'Not an image reference such as registry/repository:tag.',
    ),
});

/** RegisterTaskDefinition takes at most 64 KiB; Berth refuses more before sending it. */
export const MAX_TASK_DEFINITION_BYTES = 65_536;
export const TOO_BIG_MESSAGE =
  'A task definition is at most 64 KiB of JSON: remove what AWS does not need (describe output fields, unused containers).';

export const RegisterTaskDefinitionInput = z.object({
  json: z
    .string({ message: 'Paste or upload the task definition JSON.' })
    .min(1, 'Paste or upload the task definition JSON.')
    .refine(
      (json) => new TextEncoder().encode(json).length <= MAX_TASK_DEFINITION_BYTES,
      TOO_BIG_MESSAGE,
    ),
  /** The revision the editor started from: masked secrets left alone are kept from it. */
  basedOn: TaskDefinitionArn.optional(),
});

/** Register, then deploy the new revision to one service (the editor's second button). */
export const RegisterAndDeployInput = RegisterTaskDefinitionInput.extend(ServiceTarget.shape);
