/** What every action returns: the UI never sees a raw SDK error. */
export type ActionErrorCode =
  | 'read-only'
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid'
  | 'not-found'
  | 'access-denied'
  | 'throttled'
  | 'unavailable'
  | 'conflict'
  | 'audit-unavailable';

export interface ActionError {
  code: ActionErrorCode;
  message: string;
  hint?: string;
  /** Per-field messages for the form, when the input did not validate. */
  fieldErrors?: Record<string, string[]>;
}

export type ActionResult =
  | {
      ok: true;
      message: string;
      deploymentId?: string;
      requestId?: string;
      href?: string;
      /** A value asked for on purpose (reveal-secret): shown, never audited. */
      revealed?: string;
    }
  | { ok: false; error: ActionError };

/** A server action as a form calls it (useActionState): the previous result and the form. */
export type FormAction = (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
