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

/**
 * A submitted form's own fields. A form posted before the page hydrated (or without
 * JavaScript) also carries Next's `$ACTION_…` fields, which name the action, not the input;
 * the strict schemas would refuse them as unknown keys.
 */
export function formFields(form: FormData): Record<string, FormDataEntryValue> {
  return Object.fromEntries([...form].filter(([key]) => !key.startsWith('$ACTION_')));
}
