import { AUDIT_READ_LIMIT } from '@/lib/aws/audit';

/** What an audit table says when it is empty because the read stopped short (`partial`). */
export const NONE_IN_PART_READ = 'None in the part of the trail Berth could read.';

/**
 * Under an audit table: where the list stops short of the whole trail, says so, and how to see
 * the rest. `partial`: the trail was too busy to read back further in one go; otherwise the
 * list stops at AUDIT_READ_LIMIT actions.
 */
export function AuditLimit({
  count,
  partial,
  rest,
}: {
  count: number;
  partial: boolean;
  /** How to see the actions not shown. */
  rest: string;
}) {
  if (!partial && count < AUDIT_READ_LIMIT) return null;
  return (
    <p data-testid="audit-limit" className="mt-2 text-xs text-slate-600">
      {!partial
        ? `The newest ${AUDIT_READ_LIMIT} actions. ${rest}`
        : count
          ? `The newest ${count} actions Berth could read in one go: the trail is too busy there to read further back, so older ones may be missing. ${rest}`
          : `The trail is too busy to read back far enough in one go, so actions may be missing. ${rest}`}
    </p>
  );
}
