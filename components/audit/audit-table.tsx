import { PlaceLink as Link } from '@/components/targets/place-link';
import type { AuditEntry } from '@/lib/aws/audit';
import { clusterHref, serviceHref } from '@/lib/routes';
import { RelativeTime } from '../ui/relative-time';
import { NONE_IN_PART_READ } from './audit-limit';
import { AuditResult } from './audit-result';
import { DataTable, type Column } from '../ui/table';

const COLUMNS: Column<AuditEntry>[] = [
  { key: 'when', header: 'When', className: 'text-xs', cell: (e) => <RelativeTime at={e.at} /> },
  {
    key: 'who',
    header: 'Who',
    className: 'text-xs',
    cell: (e) => (
      <>
        <div className="font-medium">{e.caller}</div>
        {e.role ? <div className="text-slate-500">{e.role}</div> : null}
      </>
    ),
  },
  {
    key: 'where',
    header: 'Where',
    className: 'text-xs',
    cell: (e) => (
      <>
        {e.target ? (
          <div className="text-slate-500" data-testid="audit-place">
            {e.target}
            {e.region ? ` · ${e.region}` : null}
          </div>
        ) : null}
        <Where entry={e} />
      </>
    ),
  },
  { key: 'action', header: 'Action', className: 'text-xs font-medium', cell: (e) => e.action },
  {
    key: 'result',
    header: 'Result',
    className: 'min-w-48 text-xs break-words',
    cell: (e) => <AuditResult entry={e} />,
  },
  {
    key: 'from',
    header: 'From',
    className: 'font-mono text-[11px] text-slate-500',
    cell: (e) => e.address ?? '—',
  },
];

/**
 * Actions across clusters, newest first: who, in which role, where, what came of it. `partial`:
 * the read stopped short, so an empty list does not mean no action matches.
 */
export function AuditTable({ entries, partial }: { entries: AuditEntry[]; partial: boolean }) {
  return (
    <DataTable
      label="Actions"
      columns={COLUMNS}
      rows={entries}
      rowKey={(e) => e.id}
      density="compact"
      empty={partial ? NONE_IN_PART_READ : 'No action matches in the last 7 days.'}
      rowProps={() => ({ 'data-testid': 'audit-entry' })}
    />
  );
}

/** The cluster and service an entry changed, linked; "account" for an account-wide change. */
function Where({ entry: e }: { entry: AuditEntry }) {
  if (!e.cluster) return <>account</>;
  return (
    <>
      <Link href={clusterHref(e.cluster)} className="text-sky-700 hover:underline">
        {e.cluster}
      </Link>
      {e.service ? (
        <>
          {' / '}
          <Link href={serviceHref(e.cluster, e.service)} className="text-sky-700 hover:underline">
            {e.service}
          </Link>
        </>
      ) : null}
    </>
  );
}
