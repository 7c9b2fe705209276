import { byteSize } from '@/lib/logs/byte-size';
import { retentionText } from '@/lib/logs/retention';
import type { ServiceLogGroup } from '@/lib/views/log-groups';
import { DataTable } from '../ui/table';

/**
 * The log groups the service's containers write to: how long each keeps lines (a group that
 * never expires keeps, and bills, every line forever) and what it holds. A group the task
 * definition names but that does not exist is shown as such: tasks fail to start without it.
 */
export function LogGroups({ groups }: { groups: ServiceLogGroup[] }) {
  return (
    <DataTable
      label="Log groups"
      density="compact"
      rows={groups}
      rowKey={(g) => g.name}
      rowProps={(g) => ({ 'data-log-group': g.name })}
      columns={[
        {
          key: 'group',
          header: 'Log group',
          cell: (g) => g.name,
          className: 'font-mono break-all',
        },
        { key: 'containers', header: 'Containers', cell: (g) => g.containers.join(', ') },
        {
          key: 'retention',
          header: 'Retention',
          cell: (g) =>
            g.info ? (
              <span data-testid="retention">
                {retentionText(g.info.retentionInDays)}
                {g.info.retentionInDays === undefined ? (
                  <span className="block text-xs text-amber-800">
                    Every line is kept and billed until deleted; set a retention period in
                    CloudWatch Logs.
                  </span>
                ) : null}
              </span>
            ) : (
              <span className="text-red-700">
                Does not exist: tasks that log here fail to start.
              </span>
            ),
        },
        {
          key: 'stored',
          header: 'Stored',
          cell: (g) => (g.info ? byteSize(g.info.storedBytes) : '—'),
          className: 'whitespace-nowrap',
        },
      ]}
    />
  );
}
