import 'server-only';
import { createTwoFilesPatch } from 'diff';
import { getTaskDefinition, listRevisionArns } from '../aws/ecs';
import { toAwsFailure } from '../aws/errors';
import { RegisterTaskDefinitionInput } from '../schemas/actions';
import type { Problem } from '../schemas/task-definition';
import { checkRegistration } from './registration';
import { maskedForDiff } from '../views/task-definitions';

export type Preview =
  | { ok: true; family: string; latest?: string; diff: string }
  | { ok: false; problems: Problem[]; message?: string };

/**
 * What registering this JSON would do, without doing it: every problem the schema finds, or the
 * diff against the family's latest revision. Reads only.
 */
export async function previewTaskDefinition(raw: unknown): Promise<Preview> {
  const checked = await checkRegistration(raw, RegisterTaskDefinitionInput);
  if (!checked.ok) return checked;
  // The diff goes to the browser: secret values in it are fingerprints, never the values.
  const next = `${maskedForDiff(checked.registration)}\n`;
  try {
    const [latestArn] = (await listRevisionArns(checked.family, 1)).data;
    if (!latestArn)
      return {
        ok: true,
        family: checked.family,
        diff: createTwoFilesPatch('(new family)', checked.family, '', next),
      };
    const latest = await getTaskDefinition(latestArn);
    const label = `${latest.family}:${latest.revision}`;
    const diff = createTwoFilesPatch(
      label,
      `${checked.family}:new`,
      `${maskedForDiff(latest.registration)}\n`,
      next,
      '',
      '',
      { context: 3 },
    );
    return { ok: true, family: checked.family, latest: label, diff };
  } catch (error) {
    return {
      ok: false,
      problems: [],
      message: toAwsFailure(error, 'ecs:DescribeTaskDefinition').message,
    };
  }
}
