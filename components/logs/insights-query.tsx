'use client';

import { useActionState } from 'react';
import type { LogsQueryResult } from '@/lib/actions/logs-query';
import { byteSize } from '@/lib/logs/byte-size';
import { DataTable } from '../ui/table';
import { queryLogs } from './actions';

const RANGES = [
  ['15m', 'last 15 minutes'],
  ['1h', 'last hour'],
  ['6h', 'last 6 hours'],
  ['24h', 'last 24 hours'],
  ['7d', 'last 7 days'],
] as const;

/**
 * A Logs Insights query over the service's log groups and a chosen range, its rows as text
 * (log lines are untrusted: React escapes them), with what it scanned (Insights bills by it).
 */
export function InsightsQuery({
  cluster,
  service,
  defaultQuery,
}: {
  cluster: string;
  service: string;
  defaultQuery: string;
}) {
  const [result, action, pending] = useActionState<LogsQueryResult | null, FormData>(
    queryLogs,
    null,
  );
  return (
    <div className="space-y-3">
      <form action={action} className="space-y-2">
        <input type="hidden" name="cluster" value={cluster} />
        <input type="hidden" name="service" value={service} />
        <label className="block text-sm" htmlFor="insights-query">
          Query
        </label>
        <textarea
          id="insights-query"
          name="query"
          defaultValue={defaultQuery}
          rows={3}
          spellCheck={false}
          className="w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
        />
        <div className="flex flex-wrap items-center gap-3">
          <label className="text-sm">
            Range{' '}
            <select
              name="range"
              defaultValue="1h"
              className="rounded-md border border-slate-300 px-2 py-1 text-sm"
            >
              {RANGES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
          >
            {pending ? 'Running…' : 'Run query'}
          </button>
        </div>
      </form>
      {result && !result.ok ? (
        <p role="alert" className="text-sm text-red-700">
          {result.error.message}
        </p>
      ) : null}
      {result?.ok ? (
        <div className="space-y-2">
          <p className="text-xs text-slate-500" data-testid="insights-summary">
            {result.status === 'Complete' ? '' : `${result.status}: `}
            {result.rows.length} {result.rows.length === 1 ? 'row' : 'rows'} ·{' '}
            {result.recordsMatched} of {result.recordsScanned} records matched ·{' '}
            {byteSize(result.bytesScanned)} scanned in {result.groups.join(', ')}
          </p>
          <DataTable
            label="Query results"
            density="tight"
            maxHeight="max-h-[32rem]"
            empty="No log lines match this query in that range."
            columns={result.fields.map((field, index) => ({
              key: field,
              header: field,
              cell: (row: { cells: string[] }) => row.cells[index],
              className:
                field === '@message'
                  ? 'whitespace-pre-wrap break-all font-mono'
                  : 'whitespace-nowrap font-mono',
            }))}
            rows={result.rows.map((cells, index) => ({ cells, key: String(index) }))}
            rowKey={(row) => row.key}
          />
        </div>
      ) : null}
    </div>
  );
}
