import type { AuditEntry } from '@/lib/aws/audit';

/**
 * An action's outcome as its message, coloured by what came of it. `started` alone means no
 * outcome was written (still running, or Berth stopped mid-action): unknown, not a failure.
 */
const TONE: Record<AuditEntry['outcome'], string> = {
  ok: 'text-emerald-800',
  error: 'text-red-800',
  started: 'text-amber-800',
};

export function AuditResult({ entry }: { entry: AuditEntry }) {
  return (
    <span className={TONE[entry.outcome]} data-outcome={entry.outcome}>
      {entry.message}
      {entry.outcome === 'started' ? ' (no outcome recorded)' : null}
    </span>
  );
}
