import type { Drift } from '@/lib/ecs/drift';

/** The drift that costs hours, in plain language, at the top of the service page. */
export function DriftWarnings({ drift }: { drift: Drift[] }) {
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
        </div>
      ))}
    </div>
  );
}
