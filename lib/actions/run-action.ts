import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { appendAudit, type AuditEntry } from '../aws/audit';
import type { Change } from '../aws/ecs-changes';
import { toAwsFailure } from '../aws/errors';
import {
  authorize,
  currentCaller,
  requestOrigin,
  roleName,
  unauthenticated,
  type ActionTarget,
} from '../auth/guard';
import type { BerthAction } from '../auth/policy';
import type { Caller } from '../auth/identity';
import { env } from '../env';
import { currentPlace, inPlace, type Place } from '../targets/place';
import type { ActionError, ActionResult } from './result';

export interface ActionSpec<S extends z.ZodType> {
  /** The action's name in the audit trail and the policy file: redeploy, rollback, scale... */
  name: BerthAction;
  /** The IAM action it needs, named if AWS refuses it. */
  iamAction: string;
  schema: S;
  /**
   * What the action changes, from what AWS will act on: ARNs parsed, a task's service read
   * from ECS. Throws a Refusal when the input contradicts itself (a cluster field and an ARN of
   * another cluster).
   */
  target: (input: z.output<S>) => ActionTarget | Promise<ActionTarget>;
  /** Does the change; `href` points at what it made (a new revision). */
  perform: (
    input: z.output<S>,
    target: ActionTarget,
  ) => Promise<Change & { message: string; href?: string; revealed?: string }>;
  /** The input as the audit trail keeps it (secret values masked); the input itself if absent. */
  auditInput?: (input: z.output<S>) => Record<string, unknown>;
}

/** A refusal decided while resolving the target: returned as is, nothing is called or audited. */
export class Refusal extends Error {
  constructor(readonly error: ActionError) {
    super(error.message);
    this.name = 'Refusal';
  }
}

/**
 * A multi-step change that failed part way: what was done stays done (a registered revision),
 * so the result and the audit line name every step, not only the one that failed.
 */
export class PartlyDone extends Error {
  constructor(
    readonly done: string[],
    /** The failed step, as "deploying it failed". */
    readonly failedStep: string,
    readonly iamAction: string,
    override readonly cause: unknown,
  ) {
    super(`${done.join('; ')}; ${failedStep}`);
    this.name = 'PartlyDone';
  }
}

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

function failed(error: unknown, iamAction: string): ActionResult {
  const partly = error instanceof PartlyDone ? error : undefined;
  const failure = toAwsFailure(partly ? partly.cause : error, partly?.iamAction ?? iamAction);
  return {
    ok: false,
    error: {
      code: failure.kind === 'invalid' ? 'conflict' : failure.kind,
      message: partly ? `${partly.message}: ${failure.message}` : failure.message,
      hint:
        failure.kind === 'access-denied' && failure.action
          ? `Grant ${failure.action} to the role Berth runs as.`
          : undefined,
    },
  };
}

/**
 * The one template of every action: who calls -> validate -> target -> authorize -> audit the
 * attempt -> AWS -> audit the outcome -> typed result. Input that fails validation or
 * authorization changes nothing, not even the audit trail. The attempt is audited before AWS is
 * called: when that line cannot be written the change is refused (unless BERTH_AUDIT_REQUIRED=0),
 * so no change goes unrecorded.
 */
export async function runAction<S extends z.ZodType>(
  spec: ActionSpec<S>,
  raw: unknown,
): Promise<ActionResult> {
  const caller = await currentCaller();
  if (!caller) return { ok: false, error: unauthenticated() };
  // The place is the page's URL (proxy.ts): every read, change and audit line of the action is
  // in that account and region, and an assumed role's session names the person acting.
  const place = await currentPlace();
  return inPlace(place, () => runInPlace(spec, raw, caller, place), caller.id);
}

async function runInPlace<S extends z.ZodType>(
  spec: ActionSpec<S>,
  raw: unknown,
  caller: Caller,
  place: Place,
): Promise<ActionResult> {
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      error: {
        code: 'invalid',
        message: first ? first.message : 'Invalid input.',
        fieldErrors: fieldErrors(parsed.error),
      },
    };
  }
  const input = parsed.data;
  let target: ActionTarget;
  try {
    target = await spec.target(input);
    const refused = await authorize(caller, spec.name, target, place);
    if (refused) return { ok: false, error: refused };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.error };
    const failure = toAwsFailure(error, 'ecs:DescribeServices');
    return { ok: false, error: { code: failure.kind, message: failure.message } };
  }

  // Both lines of one action share its id: History shows the outcome, or `started` alone.
  const id = randomUUID();
  const origin = await requestOrigin();
  const line = (outcome: AuditEntry['outcome'], message: string, result?: ActionResult) => ({
    v: 1 as const,
    id,
    at: Date.now(),
    caller: caller.id,
    ...(caller.subject ? { subject: caller.subject } : {}),
    auth: caller.mode,
    role: roleName(caller),
    ...origin,
    action: spec.name,
    ...(place.target.implicit ? {} : { target: place.target.name }),
    ...(place.region ? { region: place.region } : {}),
    ...(target.cluster ? { cluster: target.cluster } : {}),
    ...(target.service ? { service: target.service } : {}),
    input: spec.auditInput ? spec.auditInput(input) : (input as Record<string, unknown>),
    outcome,
    message,
    ...(result?.ok && result.deploymentId ? { deploymentId: result.deploymentId } : {}),
    ...(result?.ok && result.requestId ? { requestId: result.requestId } : {}),
  });
  try {
    await appendAudit(line('started', `${spec.name} requested`));
  } catch (error) {
    const failure = toAwsFailure(error, 'logs:PutLogEvents');
    if (env().auditRequired) {
      return {
        ok: false,
        error: {
          code: 'audit-unavailable',
          message: `Berth changed nothing: the audit trail could not be written (${failure.message}).`,
          hint: `Let Berth write to ${env().auditLogGroup} (logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents), or set BERTH_AUDIT_REQUIRED=0 to act without an audit trail.`,
        },
      };
    }
  }

  let result: ActionResult;
  try {
    const change = await spec.perform(input, target);
    result = {
      ok: true,
      message: change.message,
      deploymentId: change.deploymentId,
      requestId: change.requestId,
      href: change.href,
      ...(change.revealed !== undefined ? { revealed: change.revealed } : {}),
    };
  } catch (error) {
    result = failed(error, spec.iamAction);
  }

  try {
    await appendAudit(
      line(result.ok ? 'ok' : 'error', result.ok ? result.message : result.error.message, result),
    );
  } catch (error) {
    const failure = toAwsFailure(error, 'logs:PutLogEvents');
    const note = ` (The outcome could not be added to the audit trail: ${failure.message})`;
    result = result.ok
      ? { ...result, message: `${result.message}${note}` }
      : { ...result, error: { ...result.error, message: `${result.error.message}${note}` } };
  }
  return result;
}
