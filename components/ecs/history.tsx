import { breakerText } from '@/lib/ecs/breaker';
import type { AuditEntry } from '@/lib/aws/audit';
import type { HistoryEntry } from '@/lib/views/history';
import { Badge, type Tone } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { NONE_IN_PART_READ } from '../audit/audit-limit';
import { AuditResult } from '../audit/audit-result';
import { Revision } from './names';
import { DataTable, type Column } from '@/components/ui/table';

const STATUS_TONES: Record<string, Tone> = {
  SUCCESSFUL: 'green',
  IN_PROGRESS: 'blue',
  PENDING: 'blue',
  ROLLBACK_IN_PROGRESS: 'amber',
  ROLLBACK_REQUESTED: 'amber',
  ROLLBACK_SUCCESSFUL: 'amber',
  ROLLBACK_FAILED: 'red',
  STOPPED: 'gray',
  STOP_REQUESTED: 'gray',
};

function duration(from?: number, to?: number) {
  if (!from || !to) return undefined;
  const seconds = Math.round((to - from) / 1000);
  return seconds < 120 ? `${seconds}s` : `${Math.round(seconds / 60)}m`;
}

const HISTORY_COLUMNS: Column<HistoryEntry>[] = [
  {
    key: 'started',
    header: 'Started',
    className: 'text-xs',
    cell: ({ deployment: d }) => <RelativeTime at={d.startedAt ?? d.createdAt} />,
  },
  {
    key: 'status',
    header: 'Status',
    cell: ({ deployment: d }) => (
      <>
        <Badge tone={STATUS_TONES[d.status] ?? 'gray'}>{d.status}</Badge>
        {d.statusReason ? <div className="text-xs text-slate-500">{d.statusReason}</div> : null}
      </>
    ),
  },
  {
    key: 'revision',
    header: 'Revision and images',
    cell: ({ deployment: d }) => (
      <>
        {d.taskDefinition ? <Revision value={d.taskDefinition} /> : '—'}
        {d.images.map((image) => (
          <div
            key={image.container}
            className="font-mono text-[11px] break-all text-slate-500"
            title={image.digest}
          >
            {image.container}: {image.digest ? image.digest.slice(0, 19) + '…' : image.image}
          </div>
        ))}
      </>
    ),
  },
  {
    key: 'took',
    header: 'Took',
    className: 'text-xs',
    cell: ({ deployment: d }) =>
      duration(d.startedAt ?? d.createdAt, d.finishedAt) ?? (d.finishedAt ? '' : 'running'),
  },
  {
    key: 'by',
    header: 'Started by',
    className: 'text-xs',
    cell: ({ startedBy }) =>
      startedBy ? `${startedBy.caller} (${startedBy.action})` : 'outside Berth',
  },
  {
    key: 'breaker',
    header: 'Circuit breaker / rollback',
    className: 'text-xs',
    cell: ({ deployment: d }) => (
      <>
        {d.circuitBreaker ? breakerText(d.circuitBreaker, d.finishedAt !== undefined) : '—'}
        {d.rollback ? (
          <div className="text-amber-800">
            rolled back
            {d.rollback.toTaskDefinition
              ? ` to ${d.rollback.toTaskDefinition.family}:${d.rollback.toTaskDefinition.revision}`
              : ''}
            {d.rollback.reason ? `: ${d.rollback.reason}` : ''}
          </div>
        ) : null}
      </>
    ),
  },
];

/** ECS's deployment history for the service, with who started each from Berth's audit trail. */
export function DeploymentHistory({ entries }: { entries: HistoryEntry[] }) {
  return (
    <DataTable
      label="Deployment history"
      columns={HISTORY_COLUMNS}
      rows={entries}
      rowKey={(entry) => entry.deployment.arn}
      density="compact"
      empty="No deployments in ECS's history (it keeps about 90 days)."
    />
  );
}

/** An audit entry's input beyond the service it names: key=value, as the trail reads. */
const inputText = (input: AuditEntry['input']) =>
  Object.entries(input)
    .filter(([key]) => key !== 'cluster' && key !== 'service')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');

const AUDIT_COLUMNS: Column<AuditEntry>[] = [
  { key: 'when', header: 'When', className: 'text-xs', cell: (e) => <RelativeTime at={e.at} /> },
  { key: 'who', header: 'Who', className: 'text-xs', cell: (e) => e.caller },
  {
    key: 'action',
    header: 'Action',
    className: 'text-xs',
    cell: (e) => (
      <>
        <span className="font-medium">{e.action}</span>{' '}
        <span className="font-mono text-slate-500">{inputText(e.input)}</span>
      </>
    ),
  },
  {
    key: 'result',
    header: 'Result',
    className: 'min-w-48 text-xs break-words',
    cell: (e) => <AuditResult entry={e} />,
  },
  {
    key: 'request',
    header: 'Request id',
    className: 'font-mono text-[11px] text-slate-500',
    cell: (e) => e.requestId ?? '—',
  },
];

/**
 * Berth's audit trail for the service: every action, its input, outcome and AWS request id.
 * `partial`: the read stopped short, so an empty trail does not mean no action was taken.
 */
export function AuditTrail({ entries, partial }: { entries: AuditEntry[]; partial: boolean }) {
  return (
    <DataTable
      label="Audit trail"
      columns={AUDIT_COLUMNS}
      rows={entries}
      rowKey={(e) => `${e.at}-${e.action}-${e.requestId ?? ''}`}
      density="compact"
      empty={partial ? NONE_IN_PART_READ : 'No actions taken from Berth on this service.'}
      rowProps={() => ({ 'data-testid': 'audit-entry' })}
    />
  );
}
