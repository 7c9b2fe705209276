import type { Drift } from '@/lib/ecs/drift';

/** The drift that costs hours, in plain language, at the top of the service page. */
/** `action` sits by the ECS Exec warning: the one-click fix (set exec, redeploy). */
export function DriftWarnings({ drift, action }: { drift: Drift[]; action?: React.ReactNode }) {
  if (drift.length === 0) return null;
  return (
    <div className="space-y-2">
      {drift.map((d) => (
        <div
          key={d.kind}
          role="alert"
          data-testid={`drift-${d.kind}`}
          className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
        >
          <strong>{d.kind === 'revision' ? 'Revision drift: ' : 'ECS Exec drift: '}</strong>
          {d.message}
          {d.kind === 'exec' && action ? <div className="mt-2">{action}</div> : null}
        </div>
      ))}
    </div>
  );
}
