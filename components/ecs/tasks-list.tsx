import type { Task, TaskDefinition } from '@/lib/aws/types';
import { StopTaskButton } from '../actions/task-actions';
import { Badge } from '../ui/badge';
import { Empty } from '../ui/section';
import { RelativeTime } from '../ui/relative-time';
import { ContainersTable } from './containers-table';
import { HealthStatusBadge, LastStatusBadge } from './health';
import { Revision, TaskLink } from './names';
import { DataTable, type Column } from '@/components/ui/table';

/** The live tasks of a service, each with its containers. */
export function TasksList({
  tasks,
  definitions,
  serviceExecEnabled,
  region,
  now,
  canChange,
}: {
  tasks: Task[];
  definitions: Record<string, TaskDefinition>;
  serviceExecEnabled?: boolean;
  region?: string;
  now: number;
  canChange: boolean;
}) {
  if (tasks.length === 0) return <Empty>No running tasks.</Empty>;
  return (
    <ul className="space-y-5">
      {tasks.map((task) => (
        <li key={task.arn} data-testid="task" className="space-y-2">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <TaskLink cluster={task.clusterName} taskId={task.id} />
            <LastStatusBadge status={task.lastStatus} />
            <HealthStatusBadge status={task.healthStatus} />
            <Revision value={task.taskDefinition} />
            {task.enableExecuteCommand ? <Badge>exec on</Badge> : <Badge>exec off</Badge>}
            <span className="text-xs text-slate-500">
              {task.privateIp ?? ''} {task.availabilityZone ?? ''} · started{' '}
              <RelativeTime at={task.startedAt ?? task.createdAt} />
            </span>
            {canChange ? <StopTaskButton task={task} /> : null}
          </div>
          <ContainersTable
            task={task}
            definition={definitions[task.taskDefinition.arn]}
            serviceExecEnabled={serviceExecEnabled}
            region={region}
            now={now}
          />
        </li>
      ))}
    </ul>
  );
}

const STOPPED_COLUMNS: Column<Task>[] = [
  {
    key: 'task',
    header: 'Task',
    cell: (task) => <TaskLink cluster={task.clusterName} taskId={task.id} />,
  },
  { key: 'revision', header: 'Revision', cell: (task) => <Revision value={task.taskDefinition} /> },
  {
    key: 'stopped',
    header: 'Stopped',
    className: 'text-xs',
    cell: (task) => <RelativeTime at={task.stoppedAt ?? task.stoppingAt} />,
  },
  { key: 'code', header: 'Stop code', className: 'text-xs', cell: (task) => task.stopCode ?? '—' },
  {
    key: 'reason',
    header: 'Reason',
    className: 'text-xs break-words',
    cell: (task) => task.stoppedReason ?? '—',
  },
];

/** Recently stopped tasks: when, why, and the stop code. */
export function StoppedTasks({ tasks }: { tasks: Task[] }) {
  return (
    <DataTable
      label="Stopped tasks"
      columns={STOPPED_COLUMNS}
      rows={tasks}
      rowKey={(task) => task.arn}
      density="compact"
      empty="No tasks stopped in the last hour."
    />
  );
}
