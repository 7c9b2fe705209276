'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import type { ActionResult, FormAction } from '@/lib/actions/result';
import { PlaceOfChange } from '@/components/targets/place-name';
import { ActionResultMessage } from './action-result';

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
 * once (disabled while pending, so no double submit) and the result stays visible until the
 * next time the button is used. From the keyboard: Enter opens it with focus on the first field
 * (or Confirm, so a second Enter confirms); Esc or Cancel closes it and focus returns to the
 * button. The confirmation opens below the button, over the page, so nothing beside it moves
 * (on a phone, as a sheet at the bottom of the screen).
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
  const opener = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLFormElement>(null);
  const [result, submit, pending] = useActionState(
    async (previous: ActionResult | null, form: FormData) => {
      const next = await action(previous, form);
      if (next.ok) close();
      return next;
    },
    null,
  );
  // The result of an earlier use is cleared when the button is used again.
  const [dismissed, setDismissed] = useState<ActionResult | null>(null);

  // Focus goes back to the button once the confirmation is gone and the button is enabled
  // again (it is disabled while the action and the page refresh after it run).
  const returnFocus = useRef(false);
  function close() {
    returnFocus.current = true;
    setOpen(false);
  }

  useEffect(() => {
    if (open) {
      dialog.current
        ?.querySelector<HTMLElement>(
          'input:not([type=hidden]), select, textarea, button[type=submit]',
        )
        ?.focus();
    } else if (returnFocus.current && !pending) {
      returnFocus.current = false;
      opener.current?.focus();
    }
  }, [open, result, pending]);

  const button =
    size === 'sm'
      ? 'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-100'
      : 'rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100';
  return (
    <div className="relative inline-block align-top">
      <button
        ref={opener}
        type="button"
        className={button}
        aria-expanded={open}
        onClick={() => {
          setDismissed(result);
          setOpen(!open);
        }}
        disabled={pending}
      >
        {label}
      </button>
      {open ? (
        <form
          ref={dialog}
          action={submit}
          role="dialog"
          aria-label={label}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !pending) {
              e.preventDefault();
              close();
            }
          }}
          className="fixed inset-x-3 bottom-3 z-20 max-h-[85vh] space-y-2 overflow-auto rounded-md border border-slate-300 bg-white p-3 text-sm shadow-lg sm:absolute sm:inset-x-auto sm:top-full sm:bottom-auto sm:left-0 sm:mt-1 sm:max-h-none sm:w-max sm:max-w-[min(36rem,calc(100vw-2rem))] sm:overflow-visible"
        >
          <PlaceOfChange />
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
              onClick={close}
              className="rounded-md px-3 py-1 text-sm text-slate-700 hover:bg-slate-100"
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <div className="mt-1">
        <ActionResultMessage result={result === dismissed ? null : result} />
      </div>
    </div>
  );
}
