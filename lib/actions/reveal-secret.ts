import 'server-only';
import { z } from 'zod';
import { getTaskDefinition } from '../aws/ecs';
import { AwsCallError } from '../aws/errors';
import { parseEcsArn } from '../ecs/arns';
import { looksSecret } from '../ecs/secrets';
import type { ActionResult } from './result';
import { Refusal, runAction } from './run-action';

const RevealSecretInput = z.strictObject({
  taskDefinition: z.string().max(2048),
  container: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'That is not a container name.'),
  name: z.string().min(1).max(255),
});

interface ContainerEnvironment {
  name?: string;
  environment?: { name?: string; value?: string }[];
}

/**
 * The value of one secret-looking environment variable of a revision. Pages never hold these
 * values (not in the HTML, not in the RSC payload); this guarded, audited action hands one over
 * when a person asks, and the audit line names who asked for which, never the value.
 */
export function revealSecretValue(raw: unknown): Promise<ActionResult> {
  return runAction(
    {
      name: 'reveal-secret',
      iamAction: 'ecs:DescribeTaskDefinition',
      schema: RevealSecretInput,
      target: (input) => {
        const arn = parseEcsArn(input.taskDefinition);
        const [revision] = arn?.path ?? [];
        if (arn?.type !== 'task-definition' || arn.path.length !== 1 || !revision?.includes(':')) {
          throw new Refusal({
            code: 'invalid',
            message: `${input.taskDefinition} is not a task definition ARN.`,
          });
        }
        return { family: revision.slice(0, revision.indexOf(':')) };
      },
      perform: async (input) => {
        const definition = await getTaskDefinition(input.taskDefinition);
        const containers = (definition.registration.containerDefinitions ??
          []) as ContainerEnvironment[];
        const variable = containers
          .find((c) => c.name === input.container)
          ?.environment?.find((v) => v.name === input.name);
        if (!variable || !looksSecret(input.name)) {
          throw new AwsCallError({
            kind: 'not-found',
            message: `${definition.family}:${definition.revision} has no masked variable ${input.name} in container ${input.container}.`,
          });
        }
        return {
          message: `Revealed ${input.name} of ${input.container} in ${definition.family}:${definition.revision}.`,
          revealed: variable.value ?? '',
        };
      },
    },
    raw,
  );
}
