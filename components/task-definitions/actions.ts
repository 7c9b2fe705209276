'use server';

import { revalidatePath } from 'next/cache';
import { registerTaskDefinition } from '@/lib/actions/ecs-actions';
import { previewTaskDefinition, type Preview } from '@/lib/actions/preview-task-definition';
import type { ActionResult } from '@/lib/actions/result';
import { revealSecretValue } from '@/lib/actions/reveal-secret';

/** Checks pasted JSON and diffs it against the family's latest revision. Changes nothing. */
export async function preview(json: string): Promise<Preview> {
  return previewTaskDefinition({ json });
}

/** Registers the JSON as a new revision, after the same checks. */
export async function register(json: string): Promise<ActionResult> {
  const result = await registerTaskDefinition({ json });
  if (result.ok) revalidatePath('/task-definitions', 'layout');
  return result;
}

/** One masked environment value, asked for by a person: guarded and audited by name. */
export async function revealSecret(input: unknown): Promise<ActionResult> {
  return revealSecretValue(input);
}
