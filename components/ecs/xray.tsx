import type { Task, TaskDefinition } from '@/lib/aws/types';
import { isXrayDaemon } from '@/lib/ecs/containers';
import { Empty } from '../ui/section';
import { HealthStatusBadge, LastStatusBadge } from './health';

/** Whether the running revision has the X-Ray daemon sidecar, and how each copy is doing. */
export function XrayPanel({ definition, tasks }: { definition?: TaskDefinition; tasks: Task[] }) {
  const sidecar = definition?.containers.find(isXrayDaemon);
  if (!sidecar) {
    return (
      <Empty>
        No X-Ray daemon in{' '}
        {definition ? `${definition.family}:${definition.revision}` : 'the task definition'}: traces
        from the app have nowhere to go. Add a container with image
        public.ecr.aws/xray/aws-xray-daemon (UDP 2000).
      </Empty>
    );
  }
  const copies = tasks.flatMap((task) =>
    task.containers.filter((c) => c.name === sidecar.name).map((c) => ({ task, c })),
  );
  return (
    <div className="space-y-2 text-sm">
      <p>
        Sidecar <span className="font-mono">{sidecar.name}</span> ({sidecar.image}
        {sidecar.portMappings[0]
          ? `, ${sidecar.portMappings[0].containerPort}/${sidecar.portMappings[0].protocol}`
          : ''}
        ), {sidecar.essential ? 'essential' : 'non-essential'}.
        {sidecar.healthCheck ? null : (
          <span className="text-slate-500">
            {' '}
            No health check: its health reads UNKNOWN by design.
          </span>
        )}
      </p>
      <ul className="space-y-1">
        {copies.map(({ task, c }) => (
          <li key={task.id} className="flex items-center gap-2">
            <span className="font-mono text-xs text-slate-500">task {task.id.slice(0, 12)}</span>
            <LastStatusBadge status={c.lastStatus} />
            <HealthStatusBadge
              status={c.healthStatus}
              reason={sidecar.healthCheck ? undefined : 'no health check defined'}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
