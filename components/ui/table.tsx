import { PlaceLink as Link } from '@/components/targets/place-link';
import type { ReactNode } from 'react';
import { Empty } from './section';

/**
 * Every table in Berth, from column definitions (after headlamp's SimpleTable). It has no hooks,
 * so server and client components both render it; cells are plain functions of the row.
 * Wide tables scroll inside their own box, so a page never scrolls sideways on a phone.
 */
export interface Column<Row> {
  /** Names the column; with `sort`, also its key in the URL. */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Classes for this column's cells beyond the padding (width, font, wrapping, a row's tone). */
  className?: string | ((row: Row) => string);
  /** The header links to sorting by this column (see `sort`). */
  sortable?: boolean;
}

export type SortDirection = 'asc' | 'desc';

/**
 * Sorting is the server's, from the URL (the rows arrive in order): the table marks the active
 * column with aria-sort and links each sortable header to the other direction.
 */
export interface TableSort {
  by?: string;
  dir: SortDirection;
  href: (key: string, dir: SortDirection) => string;
}

/**
 * normal for page tables, compact inside a panel, tight (small text) inside a card, code for
 * lines of text side by side (fixed columns, no row padding).
 */
const DENSITY = {
  normal: { cell: 'py-2 pr-3', table: 'text-sm' },
  compact: { cell: 'py-1.5 pr-3', table: 'text-sm' },
  tight: { cell: 'py-1 pr-3', table: 'text-xs' },
  code: { cell: 'px-2', table: 'table-fixed font-mono text-xs' },
} as const;

export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  empty,
  sort,
  density = 'normal',
  rowProps,
  className = '',
  maxHeight,
}: {
  /** The table's accessible name ("Services", "Containers of task 3f2a…"). */
  label: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows; without it an empty table is drawn. */
  empty?: ReactNode;
  sort?: TableSort;
  density?: keyof typeof DENSITY;
  /** Attributes of a row: test ids, data-* for the page's links. */
  rowProps?: (row: Row) => Record<`data-${string}`, string>;
  className?: string;
  /** A height class (max-h-[40rem]): the table scrolls inside it under a sticky header. */
  maxHeight?: string;
}) {
  if (rows.length === 0 && empty !== undefined) {
    return <Empty>{empty}</Empty>;
  }
  const { cell: padding, table } = DENSITY[density];
  return (
    <div
      className={
        maxHeight
          ? `${maxHeight} overflow-auto rounded border border-slate-200`
          : 'max-w-full overflow-x-auto'
      }
    >
      <table aria-label={label} className={`w-full text-left ${table} ${className}`}>
        <thead
          className={`text-xs text-slate-500 ${density === 'code' ? '' : 'uppercase'} ${maxHeight ? 'sticky top-0 bg-white' : ''}`}
        >
          <tr>
            {columns.map((column) => (
              <HeaderCell
                key={column.key}
                column={column}
                sort={sort}
                padding={density === 'code' ? 'px-2 py-1' : padding}
              />
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column) => (
                <td
                  key={column.key}
                  className={`${padding} ${typeof column.className === 'function' ? column.className(row) : (column.className ?? '')}`}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HeaderCell<Row>({
  column,
  sort,
  padding,
}: {
  column: Column<Row>;
  sort?: TableSort;
  padding: string;
}) {
  if (!sort || !column.sortable) {
    return (
      <th scope="col" className={padding}>
        {column.header}
      </th>
    );
  }
  const active = sort.by === column.key;
  return (
    <th
      scope="col"
      className={padding}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <Link
        href={sort.href(column.key, active && sort.dir === 'asc' ? 'desc' : 'asc')}
        scroll={false}
        className="hover:underline"
      >
        {column.header}
        {active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}
