import type { Task, TaskDefinition } from '@/lib/aws/types';
import { isServiceConnectProxy, isXrayDaemon, unknownHealthReason } from '@/lib/ecs/containers';
import { execAccess } from '@/lib/ecs/exec';
import { Badge } from '../ui/badge';
import { ExecCommand } from './exec-command';
import { HealthStatusBadge, LastStatusBadge } from './health';
import { Table } from '@/components/ui/table';

/** A task's containers: image, status, health and why, and the exec line for each. */
export function ContainersTable({
  task,
  definition,
  serviceExecEnabled,
  region,
  now,
}: {
  task: Task;
  definition?: TaskDefinition;
  serviceExecEnabled?: boolean;
  region?: string;
  now: number;
}) {
  return (
    <Table className="w-full text-left text-sm" aria-label={`Containers of task ${task.id}`}>
      <thead className="text-xs text-slate-500 uppercase">
        <tr>
          <th className="py-1.5 pr-3">Container</th>
          <th className="py-1.5 pr-3">Image</th>
          <th className="py-1.5 pr-3">Status</th>
          <th className="py-1.5 pr-3">Health</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {task.containers.map((container) => {
          const containerDefinition = definition?.containers.find((c) => c.name === container.name);
          const proxy = isServiceConnectProxy(container);
          return (
            <tr key={container.name} data-testid="container" data-container={container.name}>
              <td className="py-1.5 pr-3">
                <div className="font-medium">{container.name}</div>
                <div className="mt-0.5 flex gap-1">
                  {proxy ? <Badge tone="violet">Service Connect proxy</Badge> : null}
                  {isXrayDaemon(container) ? <Badge tone="violet">X-Ray daemon</Badge> : null}
                  {containerDefinition && !containerDefinition.essential ? (
                    <Badge>non-essential</Badge>
                  ) : null}
                </div>
              </td>
              <td className="max-w-xs py-1.5 pr-3">
                <div className="font-mono text-xs break-all">{container.image}</div>
                {container.imageDigest ? (
                  <div
                    className="font-mono text-[11px] text-slate-500"
                    title={container.imageDigest}
                  >
                    {container.imageDigest.slice(0, 19)}…
                  </div>
                ) : null}
              </td>
              <td className="py-1.5 pr-3">
                <LastStatusBadge status={container.lastStatus} />
                {container.exitCode !== undefined ? (
                  <div className="text-xs text-slate-500">exit {container.exitCode}</div>
                ) : null}
                {container.reason ? (
                  <div className="text-xs text-red-700">{container.reason}</div>
                ) : null}
              </td>
              <td className="py-1.5 pr-3">
                <HealthStatusBadge
                  status={container.healthStatus}
                  reason={unknownHealthReason(container, containerDefinition, task, now)}
                />
                <div className="mt-1">
                  <ExecCommand access={execAccess(task, container, serviceExecEnabled, region)} />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
