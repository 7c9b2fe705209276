import type { SideBySideRow } from '@/lib/views/task-definitions';
import { DataTable, type Column } from '@/components/ui/table';

/** Rows of a diff have no identity but their place. */
type Numbered = { row: SideBySideRow; line: number };

const CELL: Record<SideBySideRow['kind'], [string, string]> = {
  same: ['', ''],
  removed: ['bg-red-50 text-red-900', 'bg-slate-50'],
  added: ['bg-slate-50', 'bg-emerald-50 text-emerald-900'],
  changed: ['bg-red-50 text-red-900', 'bg-emerald-50 text-emerald-900'],
};

/** Two revisions' JSON side by side, changed lines coloured. */
export function SideBySide({
  rows,
  left,
  right,
}: {
  rows: SideBySideRow[];
  left: string;
  right: string;
}) {
  const side = (index: 0 | 1, name: string): Column<Numbered> => ({
    key: name,
    header: name,
    className: ({ row }) => `align-top break-all whitespace-pre-wrap ${CELL[row.kind][index]}`,
    cell: ({ row }) => (index === 0 ? row.left : row.right) ?? '',
  });
  return (
    <DataTable
      label={`${left} compared with ${right}`}
      density="code"
      maxHeight="max-h-[40rem]"
      columns={[side(0, left), side(1, right)]}
      rows={rows.map((row, line) => ({ row, line }))}
      rowKey={({ line }) => String(line)}
    />
  );
}
