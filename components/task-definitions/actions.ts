'use server';

import { revalidatePath } from 'next/cache';
import {
  registerAndDeploy as registerAndDeployRevision,
  registerTaskDefinition,
} from '@/lib/actions/ecs-actions';
import { previewTaskDefinition, type Preview } from '@/lib/actions/preview-task-definition';
import type { ActionResult } from '@/lib/actions/result';
import { revealSecretValue } from '@/lib/actions/reveal-secret';

/** Checks a draft ({ json, basedOn? }) and diffs it against the family's latest revision. */
export async function preview(input: unknown): Promise<Preview> {
  return previewTaskDefinition(input);
}

/** Registers the draft as a new revision, after the same checks. */
export async function register(input: unknown): Promise<ActionResult> {
  const result = await registerTaskDefinition(input);
  if (result.ok) revalidatePath('/task-definitions', 'layout');
  return result;
}

/** Registers the draft and deploys it to { cluster, service }: the editor opened from a service. */
export async function registerAndDeploy(input: unknown): Promise<ActionResult> {
  const result = await registerAndDeployRevision(input);
  if (result.ok) {
    revalidatePath('/task-definitions', 'layout');
    revalidatePath('/clusters/[cluster]', 'layout');
  }
  return result;
}

/** One masked environment value, asked for by a person: guarded and audited by name. */
export async function revealSecret(input: unknown): Promise<ActionResult> {
  return revealSecretValue(input);
}
