'use client';

import { useState } from 'react';
import type { FormAction } from '@/lib/actions/result';
import type { RollbackOption } from '@/lib/views/history';
import { UnifiedDiff } from '../task-definitions/unified-diff';
import { ConfirmAction } from './confirm-action';

/**
 * Roll back: pick an earlier revision, see what changes, confirm. Revisions whose deployment
 * was rolled back or tripped the breaker are marked, and are never the default choice.
 */
export function RollbackForm({
  action,
  cluster,
  service,
  current,
  candidates,
}: {
  action: FormAction;
  cluster: string;
  service: string;
  current: string;
  candidates: RollbackOption[];
}) {
  const [selected, setSelected] = useState(
    (candidates.find((c) => !c.rejected) ?? candidates[0])?.arn ?? '',
  );
  const candidate = candidates.find((c) => c.arn === selected);
  if (candidates.length === 0)
    return <p className="text-xs text-slate-500">No earlier revision to roll back to.</p>;
  return (
    <ConfirmAction
      action={action}
      label="Roll back"
      confirmLabel="Confirm roll back"
      danger
      values={{ cluster, service, taskDefinition: selected }}
      confirm={
        <p>
          Deploys the chosen revision to <strong>{service}</strong> in place of {current}; ECS
          replaces the running tasks.
        </p>
      }
    >
      <label className="block text-sm">
        Revision{' '}
        <select
          value={selected}
          onChange={(e) => setSelected(e.target.value)}
          className="max-w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
        >
          <option disabled value="">
            {current} — running now
          </option>
          {candidates.map((c) => (
            <option key={c.arn} value={c.arn}>
              {c.label} — {c.when}
              {c.rejected ? ' — rejected' : ''}
            </option>
          ))}
        </select>
      </label>
      {candidate?.rejected ? (
        <p className="text-xs text-amber-800" data-testid="rollback-rejected">
          {candidate.label} was rejected before: {candidate.rejected}. Deploying it again will
          likely fail the same way.
        </p>
      ) : null}
      {candidate ? (
        candidate.diff.trim() ? (
          <UnifiedDiff diff={candidate.diff} />
        ) : (
          <p className="text-xs text-slate-500">Same definition as the running revision.</p>
        )
      ) : null}
    </ConfirmAction>
  );
}
