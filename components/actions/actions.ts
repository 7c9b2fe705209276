'use server';

import { revalidatePath } from 'next/cache';
import { ecsActions } from '@/lib/actions/ecs-actions';
import { formFields, type ActionResult, type FormAction } from '@/lib/actions/result';

/**
 * The ECS actions' server actions, beside the components that call them. Server actions are
 * public POST endpoints: each passes its raw form values to an action in lib/actions, which
 * checks the caller, validates with zod and authorizes before AWS is called.
 */

function formAction(run: (raw: unknown) => Promise<ActionResult>): FormAction {
  return async (_previous, form) => {
    const result = await run(formFields(form));
    if (result.ok) revalidatePath('/clusters/[cluster]', 'layout');
    return result;
  };
}

export const redeploy = formAction(ecsActions.redeploy);
export const rollback = formAction(ecsActions.rollback);
export const stopRollout = formAction(ecsActions.stopRollout);
export const scale = formAction(ecsActions.scale);
export const setContainerInsights = formAction(ecsActions.setContainerInsights);
export const applyExec = formAction(ecsActions.applyExec);
export const stopTask = formAction(ecsActions.stopTask);
export const deploy = formAction(ecsActions.deploy);
export const deployImage = formAction(ecsActions.deployImage);
