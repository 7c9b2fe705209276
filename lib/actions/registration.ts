import 'server-only';
import type { z } from 'zod';
import { getTaskDefinition } from '../aws/ecs';
import { toAwsFailure } from '../aws/errors';
import { restoreMaskedValues } from '../ecs/secrets';
import type { RegisterTaskDefinitionInput } from '../schemas/actions';
import { checkTaskDefinitionJson, type Problem } from '../schemas/task-definition';

type Checked<S extends typeof RegisterTaskDefinitionInput> =
  | {
      ok: true;
      input: z.output<S>;
      family: string;
      registration: Record<string, unknown>;
    }
  | { ok: false; problems: Problem[]; message?: string };

/**
 * The one way a registration is read from the browser, for preview, register and register-and-
 * deploy alike: the input validated, masked secrets left alone put back from the revision the
 * editor started from (read on the server, never sent out), then AWS's rules checked.
 */
export async function checkRegistration<S extends typeof RegisterTaskDefinitionInput>(
  raw: unknown,
  schema: S,
): Promise<Checked<S>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: [], message: parsed.error.issues[0]?.message };
  }
  const input = parsed.data;
  let json = input.json;
  if (input.basedOn) {
    try {
      json = restoreMaskedValues(json, (await getTaskDefinition(input.basedOn)).registration);
    } catch (error) {
      return {
        ok: false,
        problems: [],
        message: `The revision this draft started from could not be read to keep its secret values: ${toAwsFailure(error, 'ecs:DescribeTaskDefinition').message}`,
      };
    }
  }
  const checked = checkTaskDefinitionJson(json);
  if (!checked.ok) return { ok: false, problems: checked.problems };
  return { ok: true, input, family: checked.family, registration: checked.registration };
}
