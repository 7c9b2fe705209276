import type { Deployment, RolloutState } from '@/lib/aws/types';
import { Badge } from '../ui/badge';
import { Empty } from '../ui/section';
import { RelativeTime } from '../ui/relative-time';
import { Revision } from './names';

const ROLLOUT_TONES = { IN_PROGRESS: 'blue', COMPLETED: 'green', FAILED: 'red' } as const;

export function RolloutBadge({ state }: { state: RolloutState }) {
  return <Badge tone={ROLLOUT_TONES[state]}>{state}</Badge>;
}

/** Running of desired as a bar, with pending tasks shaded. */
export function ProgressBar({
  running,
  pending,
  desired,
  label,
}: {
  running: number;
  pending: number;
  desired: number;
  label: string;
}) {
  const total = Math.max(desired, running + pending, 1);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={desired}
      aria-valuenow={running}
      className="flex h-2 w-full overflow-hidden rounded bg-slate-100"
    >
      <div className="bg-emerald-500" style={{ width: `${(running / total) * 100}%` }} />
      <div className="bg-sky-300" style={{ width: `${(pending / total) * 100}%` }} />
    </div>
  );
}

export function DeploymentsList({ deployments }: { deployments: Deployment[] }) {
  if (deployments.length === 0) return <Empty>No deployments.</Empty>;
  return (
    <ul className="space-y-4">
      {deployments.map((d) => (
        <li key={d.id} data-testid="deployment" className="space-y-1.5">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={d.status === 'PRIMARY' ? 'blue' : 'gray'}>{d.status}</Badge>
            {d.rolloutState ? <RolloutBadge state={d.rolloutState} /> : null}
            <span className="font-mono text-xs text-slate-600">{d.id}</span>
            <Revision value={d.taskDefinition} />
            <span className="text-xs text-slate-500">
              started <RelativeTime at={d.createdAt} />
            </span>
          </div>
          <ProgressBar
            running={d.running}
            pending={d.pending}
            desired={d.desired}
            label={`${d.id} progress`}
          />
          <p className="text-xs text-slate-600">
            <span className="tabular-nums">
              {d.running} of {d.desired} running
            </span>
            {d.pending ? `, ${d.pending} pending` : ''}
            {d.failedTasks ? <span className="text-red-700">, {d.failedTasks} failed</span> : null}
            {d.rolloutStateReason ? (
              <span className="text-slate-500"> — {d.rolloutStateReason}</span>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
