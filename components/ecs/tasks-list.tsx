import type { Task, TaskDefinition } from '@/lib/aws/types';
import { StopTaskButton } from '../actions/task-actions';
import { Badge } from '../ui/badge';
import { Empty } from '../ui/section';
import { RelativeTime } from '../ui/relative-time';
import { ContainersTable } from './containers-table';
import { HealthStatusBadge, LastStatusBadge } from './health';
import { Revision, TaskLink } from './names';
import { Table } from '@/components/ui/table';

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

/** Recently stopped tasks: when, why, and the stop code. */
export function StoppedTasks({ tasks }: { tasks: Task[] }) {
  if (tasks.length === 0) return <Empty>No tasks stopped in the last hour.</Empty>;
  return (
    <Table className="w-full text-left text-sm" aria-label="Stopped tasks">
      <thead className="text-xs text-slate-500 uppercase">
        <tr>
          <th className="py-1.5 pr-3">Task</th>
          <th className="py-1.5 pr-3">Revision</th>
          <th className="py-1.5 pr-3">Stopped</th>
          <th className="py-1.5 pr-3">Stop code</th>
          <th className="py-1.5 pr-3">Reason</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {tasks.map((task) => (
          <tr key={task.arn}>
            <td className="py-1.5 pr-3">
              <TaskLink cluster={task.clusterName} taskId={task.id} />
            </td>
            <td className="py-1.5 pr-3">
              <Revision value={task.taskDefinition} />
            </td>
            <td className="py-1.5 pr-3 text-xs">
              <RelativeTime at={task.stoppedAt ?? task.stoppingAt} />
            </td>
            <td className="py-1.5 pr-3 text-xs">{task.stopCode ?? '—'}</td>
            <td className="py-1.5 pr-3 text-xs break-words">{task.stoppedReason ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
