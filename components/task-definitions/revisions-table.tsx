import { PlaceLink as Link } from '@/components/targets/place-link';
import { revisionHref } from '@/lib/routes';
import type { RevisionRow } from '@/lib/views/task-definitions';
import { Badge } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { DataTable, type Column } from '../ui/table';

/** A family's revisions, newest first: status, when registered, the images each runs. */
export function RevisionsTable({
  family,
  revisions,
}: {
  family: string;
  revisions: RevisionRow[];
}) {
  const columns: Column<RevisionRow>[] = [
    {
      key: 'revision',
      header: 'Revision',
      cell: (r) => (
        <Link href={revisionHref(family, r.revision)} className="text-sky-700 hover:underline">
          {family}:{r.revision}
        </Link>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      cell: (r) => <Badge tone={r.status === 'ACTIVE' ? 'green' : 'gray'}>{r.status}</Badge>,
    },
    {
      key: 'registered',
      header: 'Registered',
      className: 'text-xs',
      cell: (r) => <RelativeTime at={r.registeredAt} />,
    },
    {
      key: 'images',
      header: 'Images',
      className: 'font-mono text-xs break-all text-slate-600',
      cell: (r) => r.images.join(', '),
    },
  ];
  return (
    <DataTable
      label="Revisions"
      columns={columns}
      rows={revisions}
      rowKey={(r) => r.arn}
      density="compact"
    />
  );
}
