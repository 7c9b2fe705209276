import type { SideBySideRow } from '@/lib/views/task-definitions';
import { Table } from '@/components/ui/table';

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
  return (
    <div className="max-h-[40rem] overflow-auto rounded border border-slate-200">
      <Table
        className="w-full table-fixed font-mono text-xs"
        aria-label={`${left} compared with ${right}`}
      >
        <thead className="sticky top-0 bg-white text-left">
          <tr>
            <th className="px-2 py-1">{left}</th>
            <th className="px-2 py-1">{right}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td className={`px-2 align-top break-all whitespace-pre-wrap ${CELL[row.kind][0]}`}>
                {row.left ?? ''}
              </td>
              <td className={`px-2 align-top break-all whitespace-pre-wrap ${CELL[row.kind][1]}`}>
                {row.right ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
