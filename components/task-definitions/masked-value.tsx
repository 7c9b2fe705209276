'use client';

import { useState, useTransition } from 'react';
import { revealSecret } from '@/components/task-definitions/actions';

/**
 * A value whose name looks secret. The page does not hold it: a click asks the server for it
 * (a guarded action that names the person in the audit trail).
 */
export function MaskedValue({
  taskDefinition,
  container,
  name,
}: {
  taskDefinition: string;
  container: string;
  name: string;
}) {
  const [value, setValue] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  if (value !== undefined) return <code className="font-mono text-xs break-all">{value}</code>;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            try {
              const result = await revealSecret({ taskDefinition, container, name });
              if (result.ok) setValue(result.revealed ?? '');
              else setError(result.error.message);
            } catch {
              setError('Berth could not be reached: try again.');
            }
          })
        }
        className="rounded bg-slate-100 px-1.5 font-mono text-xs text-slate-600 hover:bg-slate-200"
        aria-label={`Show value of ${name}`}
      >
        {pending ? 'revealing…' : '••••••• show'}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
