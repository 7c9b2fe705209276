'use client';

import { useActionState, useState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { ActionResultMessage } from './action-result';

type FormAction = (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;

export interface ConfirmActionProps {
  action: FormAction;
  /** The button: "Redeploy". */
  label: string;
  /** What will happen, in plain words, shown before anything is sent. */
  confirm: React.ReactNode;
  /** Values the action needs that the user does not type (cluster, service...). */
  values: Record<string, string>;
  /** Inputs the user fills in the confirmation (reason, desired count...). */
  children?: React.ReactNode;
  confirmLabel?: string;
  danger?: boolean;
  size?: 'sm' | 'md';
}

/**
 * A button that asks first: it opens a confirmation saying what will happen; Confirm submits
 * once (disabled while pending, so no double submit) and the result stays visible.
 */
export function ConfirmAction({
  action,
  label,
  confirm,
  values,
  children,
  confirmLabel,
  danger,
  size = 'md',
}: ConfirmActionProps) {
  const [open, setOpen] = useState(false);
  const [result, submit, pending] = useActionState(
    async (previous: ActionResult | null, form: FormData) => {
      const next = await action(previous, form);
      if (next.ok) setOpen(false);
      return next;
    },
    null,
  );
  const button =
    size === 'sm'
      ? 'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-100'
      : 'rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100';
  return (
    <div className="inline-block align-top">
      {!open ? (
        <button type="button" className={button} onClick={() => setOpen(true)} disabled={pending}>
          {label}
        </button>
      ) : (
        <form
          action={submit}
          role="dialog"
          aria-label={label}
          className="mt-1 max-w-xl space-y-2 rounded-md border border-slate-300 bg-white p-3 text-sm shadow-sm"
        >
          <div className="text-slate-800">{confirm}</div>
          {Object.entries(values).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          <div className="flex gap-2">
            <button
              type="submit"
              disabled={pending}
              className={`rounded-md px-3 py-1 text-sm font-medium text-white disabled:opacity-60 ${danger ? 'bg-red-700 hover:bg-red-800' : 'bg-sky-700 hover:bg-sky-800'}`}
            >
              {pending ? 'Working…' : (confirmLabel ?? `Confirm ${label.toLowerCase()}`)}
            </button>
            <button
              type="button"
              disabled={pending}
              onClick={() => setOpen(false)}
              className="rounded-md px-3 py-1 text-sm text-slate-700 hover:bg-slate-100"
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      <div className="mt-1">
        <ActionResultMessage result={result} />
      </div>
    </div>
  );
}
