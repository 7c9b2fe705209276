import 'server-only';
import type { z } from 'zod';
import { appendAudit } from '../aws/audit';
import type { Change } from '../aws/ecs-changes';
import { toAwsFailure } from '../aws/errors';
import { authorize, currentCaller } from '../auth/guard';
import type { ActionError, ActionResult } from './result';

export interface ActionSpec<S extends z.ZodType> {
  /** The action's name in the audit trail: redeploy, rollback, scale... */
  name: string;
  /** The IAM action it needs, named if AWS refuses it. */
  iamAction: string;
  schema: S;
  /** What the action changes; no cluster for account-level actions. */
  target: (input: z.output<S>) => { cluster?: string; service?: string };
  /** Does the change; `href` points at what it made (a new revision). */
  perform: (input: z.output<S>) => Promise<Change & { message: string; href?: string }>;
}

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * The one template of every action: who calls -> validate -> authorize -> AWS -> audit ->
 * typed result. Input that fails validation or authorization changes nothing, not even the
 * audit trail; an attempted change is audited whether AWS accepted it or not.
 */
export async function runAction<S extends z.ZodType>(
  spec: ActionSpec<S>,
  raw: unknown,
): Promise<ActionResult> {
  const caller = currentCaller();
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    const first = parsed.error.issues[0];
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: first ? first.message : 'Invalid input.',
        fieldErrors: errors,
      },
    };
  }
  const input = parsed.data;
  const target = spec.target(input);
  let refused: ActionError | undefined;
  try {
    refused = await authorize(caller, target);
  } catch (error) {
    const failure = toAwsFailure(error, 'ecs:DescribeServices');
    refused = { code: failure.kind, message: failure.message };
  }
  if (refused) return { ok: false, error: refused };

  let result: ActionResult;
  try {
    const change = await spec.perform(input);
    result = {
      ok: true,
      message: change.message,
      deploymentId: change.deploymentId,
      requestId: change.requestId,
      href: change.href,
    };
  } catch (error) {
    const failure = toAwsFailure(error, spec.iamAction);
    result = {
      ok: false,
      error: {
        code: failure.kind === 'invalid' ? 'conflict' : failure.kind,
        message: failure.message,
        hint:
          failure.kind === 'access-denied' && failure.action
            ? `Grant ${failure.action} to the role Berth runs as.`
            : undefined,
      },
    };
  }

  try {
    await appendAudit({
      at: Date.now(),
      caller: caller.id,
      action: spec.name,
      cluster: target.cluster,
      service: target.service,
      input: input as Record<string, unknown>,
      outcome: result.ok ? 'ok' : 'error',
      message: result.ok ? result.message : result.error.message,
      deploymentId: result.ok ? result.deploymentId : undefined,
      requestId: result.ok ? result.requestId : undefined,
    });
  } catch (error) {
    const failure = toAwsFailure(error, 'logs:PutLogEvents');
    if (result.ok)
      result = {
        ...result,
        message: `${result.message} (The audit trail could not be written: ${failure.message})`,
      };
  }
  return result;
}
