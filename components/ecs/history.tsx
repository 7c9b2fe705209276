import { breakerText } from '@/lib/ecs/breaker';
import type { AuditEntry } from '@/lib/aws/audit';
import type { HistoryEntry } from '@/lib/views/history';
import { Badge, type Tone } from '../ui/badge';
import { Empty } from '../ui/section';
import { RelativeTime } from '../ui/relative-time';
import { Revision } from './names';
import { Table } from '@/components/ui/table';

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

/** ECS's deployment history for the service, with who started each from Berth's audit trail. */
export function DeploymentHistory({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0)
    return <Empty>No deployments in ECS&apos;s history (it keeps about 90 days).</Empty>;
  return (
    <Table className="w-full text-left text-sm" aria-label="Deployment history">
      <thead className="text-xs text-slate-500 uppercase">
        <tr>
          <th className="py-1.5 pr-3">Started</th>
          <th className="py-1.5 pr-3">Status</th>
          <th className="py-1.5 pr-3">Revision and images</th>
          <th className="py-1.5 pr-3">Took</th>
          <th className="py-1.5 pr-3">Started by</th>
          <th className="py-1.5 pr-3">Circuit breaker / rollback</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {entries.map(({ deployment: d, startedBy }) => (
          <tr key={d.arn}>
            <td className="py-1.5 pr-3 text-xs">
              <RelativeTime at={d.startedAt ?? d.createdAt} />
            </td>
            <td className="py-1.5 pr-3">
              <Badge tone={STATUS_TONES[d.status] ?? 'gray'}>{d.status}</Badge>
              {d.statusReason ? (
                <div className="text-xs text-slate-500">{d.statusReason}</div>
              ) : null}
            </td>
            <td className="py-1.5 pr-3">
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
            </td>
            <td className="py-1.5 pr-3 text-xs">
              {duration(d.startedAt ?? d.createdAt, d.finishedAt) ??
                (d.finishedAt ? '' : 'running')}
            </td>
            <td className="py-1.5 pr-3 text-xs">
              {startedBy ? `${startedBy.caller} (${startedBy.action})` : 'outside Berth'}
            </td>
            <td className="py-1.5 pr-3 text-xs">
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
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Berth's audit trail for the service: every action, its input, outcome and AWS request id. */
export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <Empty>No actions taken from Berth on this service.</Empty>;
  return (
    <Table className="w-full text-left text-sm" aria-label="Audit trail">
      <thead className="text-xs text-slate-500 uppercase">
        <tr>
          <th className="py-1.5 pr-3">When</th>
          <th className="py-1.5 pr-3">Who</th>
          <th className="py-1.5 pr-3">Action</th>
          <th className="py-1.5 pr-3">Result</th>
          <th className="py-1.5 pr-3">Request id</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {entries.map((entry) => (
          <tr
            key={`${entry.at}-${entry.action}-${entry.requestId ?? ''}`}
            data-testid="audit-entry"
          >
            <td className="py-1.5 pr-3 text-xs">
              <RelativeTime at={entry.at} />
            </td>
            <td className="py-1.5 pr-3 text-xs">{entry.caller}</td>
            <td className="py-1.5 pr-3 text-xs">
              <span className="font-medium">{entry.action}</span>{' '}
              <span className="font-mono text-slate-500">
                {Object.entries(entry.input)
                  .filter(([key]) => key !== 'cluster' && key !== 'service')
                  .map(
                    ([key, value]) =>
                      `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
                  )
                  .join(' ')}
              </span>
            </td>
            <td
              className={`py-1.5 pr-3 text-xs ${entry.outcome === 'ok' ? 'text-emerald-800' : 'text-red-800'}`}
            >
              {entry.message}
            </td>
            <td className="py-1.5 pr-3 font-mono text-[11px] text-slate-500">
              {entry.requestId ?? '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
