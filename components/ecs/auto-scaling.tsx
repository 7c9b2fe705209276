import { DataTable } from '@/components/ui/table';
import { Badge, type Tone } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ScalingActivitySummary, ScalingPolicySummary } from '@/lib/aws/scaling';
import type { ScalingRead } from '@/lib/views/service';

/** What a predefined metric measures, as a person reads it. */
const METRICS: Record<string, string> = {
  ECSServiceAverageCPUUtilization: 'average CPU',
  ECSServiceAverageMemoryUtilization: 'average memory',
  ALBRequestCountPerTarget: 'requests per target',
};

function policyText(policy: ScalingPolicySummary): string {
  if (policy.type !== 'TargetTrackingScaling') return 'step scaling on its CloudWatch alarms';
  const metric = METRICS[policy.metric ?? ''] ?? policy.metric ?? 'a metric';
  const unit = policy.metric?.includes('Utilization') ? ' %' : '';
  const cooldowns = [
    policy.scaleOutCooldown !== undefined ? `out after ${policy.scaleOutCooldown}s` : '',
    policy.scaleInCooldown !== undefined ? `in after ${policy.scaleInCooldown}s` : '',
  ].filter(Boolean);
  return `keeps ${metric} at ${policy.targetValue ?? '?'}${unit}${
    policy.disableScaleIn ? ', never scales in' : ''
  }${cooldowns.length ? ` (cooldowns: ${cooldowns.join(', ')})` : ''}`;
}

const STATUS_TONE: Record<string, Tone> = {
  Successful: 'green',
  Failed: 'red',
  Unfulfilled: 'red',
  InProgress: 'amber',
  Pending: 'amber',
  Overridden: 'gray',
};

/**
 * The service's auto scaling: its range, what its policies aim for, and what they did lately
 * (why the desired count changed when nobody changed it).
 */
export function AutoScalingPanel({ read }: { read: ScalingRead }) {
  if (!read.ok) {
    return <p className="text-sm text-slate-600">Auto scaling could not be read: {read.message}</p>;
  }
  const { scaling } = read;
  if (!scaling) {
    return (
      <p className="text-sm text-slate-600">
        Not managed by auto scaling: the desired count stays where it is set.
      </p>
    );
  }
  return (
    <div className="space-y-3 text-sm">
      <p data-testid="scaling-range">
        Between <strong>{scaling.min}</strong> and <strong>{scaling.max}</strong> tasks
        {scaling.suspended.length ? (
          <span className="text-amber-700"> · suspended: {scaling.suspended.join(', ')}</span>
        ) : null}
      </p>
      {scaling.policies.length ? (
        <ul className="space-y-1">
          {scaling.policies.map((policy) => (
            <li key={policy.name}>
              <span className="font-mono text-xs">{policy.name}</span>{' '}
              <span className="text-slate-600">{policyText(policy)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-600">No scaling policies: the range alone bounds the count.</p>
      )}
      <DataTable<ScalingActivitySummary>
        label="Scaling activities"
        density="tight"
        rows={scaling.activities}
        rowKey={(activity) => activity.id}
        empty="No scaling activity recorded in the last six weeks."
        columns={[
          { key: 'when', header: 'When', cell: (a) => <RelativeTime at={a.startedAt} /> },
          { key: 'what', header: 'What', cell: (a) => a.description },
          {
            key: 'cause',
            header: 'Cause',
            cell: (a) => a.cause,
            className: 'text-slate-600 [overflow-wrap:anywhere]',
          },
          {
            key: 'status',
            header: 'Status',
            cell: (a) => (
              <Badge tone={STATUS_TONE[a.status] ?? 'gray'} title={a.statusMessage}>
                {a.status}
              </Badge>
            ),
          },
        ]}
      />
    </div>
  );
}
