import { stopTask } from '@/components/actions/actions';
import type { Task } from '@/lib/aws/types';
import { ConfirmAction } from './confirm-action';

export function StopTaskButton({ task }: { task: Task }) {
  if (task.desiredStatus !== 'RUNNING') return null;
  return (
    <ConfirmAction
      action={stopTask}
      label="Stop task"
      size="sm"
      danger
      values={{
        cluster: task.clusterName,
        task: task.id,
        ...(task.serviceName ? { service: task.serviceName } : {}),
      }}
      confirm={
        <p>
          Stops task {task.id.slice(0, 12)}.
          {task.serviceName
            ? ` Service ${task.serviceName} will start a replacement.`
            : ' It is a standalone task: nothing replaces it.'}
        </p>
      }
    >
      <label className="block text-sm">
        Reason{' '}
        <input
          name="reason"
          maxLength={255}
          placeholder="Why (kept as the task's stopped reason)"
          className="w-80 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
    </ConfirmAction>
  );
}
