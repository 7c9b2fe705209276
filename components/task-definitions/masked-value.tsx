'use client';

import { useState } from 'react';

/** A value whose name looks secret, hidden until clicked. */
export function MaskedValue({ value, name }: { value: string; name: string }) {
  const [shown, setShown] = useState(false);
  return shown ? (
    <code className="font-mono text-xs break-all">{value}</code>
  ) : (
    <button
      type="button"
      onClick={() => setShown(true)}
      className="rounded bg-slate-100 px-1.5 font-mono text-xs text-slate-600 hover:bg-slate-200"
      aria-label={`Show value of ${name}`}
    >
      ••••••• show
    </button>
  );
}
