import { Badge, type Tone } from '@/components/ui/badge';
import { DataTable } from '@/components/ui/table';
import { RelativeTime } from '@/components/ui/relative-time';
import type { AlarmSummary } from '@/lib/aws/alarms';
import type { AlarmsRead } from '@/lib/views/service';

const STATE_TONE: Record<string, Tone> = { OK: 'green', ALARM: 'red', INSUFFICIENT_DATA: 'gray' };

/** "ALARM cruddur-backend-5xx" per alarm that fires: in the cluster table and the page header. */
export function FiringAlarms({ alarms }: { alarms: AlarmSummary[] }) {
  if (!alarms.length) return null;
  return (
    <span className="mt-1 flex flex-wrap gap-1" data-testid="firing-alarms">
      {alarms.map((alarm) => (
        <Badge key={alarm.name} tone="red" title={alarm.reason}>
          ALARM {alarm.name}
        </Badge>
      ))}
    </span>
  );
}

/** Every alarm on the service's metrics and target groups, with its state and why. */
export function AlarmsPanel({ read }: { read: AlarmsRead }) {
  if (!read.ok) {
    return <p className="text-sm text-slate-600">Alarms could not be read: {read.message}</p>;
  }
  return (
    <DataTable<AlarmSummary>
      label="Alarms"
      density="compact"
      rows={read.alarms}
      rowKey={(alarm) => alarm.name}
      empty="No CloudWatch alarm watches this service's metrics or target groups."
      rowProps={(alarm) => ({ 'data-alarm-state': alarm.state })}
      columns={[
        {
          key: 'state',
          header: 'State',
          cell: (alarm) => <Badge tone={STATE_TONE[alarm.state] ?? 'gray'}>{alarm.state}</Badge>,
        },
        {
          key: 'name',
          header: 'Alarm',
          cell: (alarm) => (
            <span>
              <span className="font-mono text-xs [overflow-wrap:anywhere]">{alarm.name}</span>
              {alarm.scalingSignal ? (
                <span className="block text-xs text-slate-500">
                  auto scaling&apos;s own signal: in ALARM whenever it wants to scale
                </span>
              ) : null}
            </span>
          ),
        },
        {
          key: 'condition',
          header: 'Condition',
          cell: (alarm) => alarm.condition,
          className: 'text-xs',
        },
        {
          key: 'reason',
          header: 'Why',
          cell: (alarm) => (
            <span>
              <RelativeTime at={alarm.updatedAt} /> {alarm.reason}
            </span>
          ),
          className: 'text-xs text-slate-600 [overflow-wrap:anywhere]',
        },
      ]}
    />
  );
}
