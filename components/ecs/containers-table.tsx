import type { Container, Task, TaskDefinition } from '@/lib/aws/types';
import { isServiceConnectProxy, isXrayDaemon, unknownHealthReason } from '@/lib/ecs/containers';
import { execAccess } from '@/lib/ecs/exec';
import { Badge } from '../ui/badge';
import { ExecCommand } from './exec-command';
import { HealthStatusBadge, LastStatusBadge } from './health';
import { DataTable, type Column } from '@/components/ui/table';

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
  const definitionOf = (container: Container) =>
    definition?.containers.find((c) => c.name === container.name);
  const columns: Column<Container>[] = [
    {
      key: 'container',
      header: 'Container',
      cell: (container) => {
        const containerDefinition = definitionOf(container);
        return (
          <>
            <div className="font-medium">{container.name}</div>
            <div className="mt-0.5 flex gap-1">
              {isServiceConnectProxy(container) ? (
                <Badge tone="violet">Service Connect proxy</Badge>
              ) : null}
              {isXrayDaemon(container) ? <Badge tone="violet">X-Ray daemon</Badge> : null}
              {containerDefinition && !containerDefinition.essential ? (
                <Badge>non-essential</Badge>
              ) : null}
            </div>
          </>
        );
      },
    },
    {
      key: 'image',
      header: 'Image',
      className: 'max-w-xs',
      cell: (container) => (
        <>
          <div className="font-mono text-xs break-all">{container.image}</div>
          {container.imageDigest ? (
            <div className="font-mono text-[11px] text-slate-500" title={container.imageDigest}>
              {container.imageDigest.slice(0, 19)}…
            </div>
          ) : null}
        </>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      cell: (container) => (
        <>
          <LastStatusBadge status={container.lastStatus} />
          {container.exitCode !== undefined ? (
            <div className="text-xs text-slate-500">exit {container.exitCode}</div>
          ) : null}
          {container.reason ? <div className="text-xs text-red-700">{container.reason}</div> : null}
        </>
      ),
    },
    {
      key: 'health',
      header: 'Health',
      cell: (container) => (
        <>
          <HealthStatusBadge
            status={container.healthStatus}
            reason={unknownHealthReason(container, definitionOf(container), task, now)}
          />
          <div className="mt-1">
            <ExecCommand access={execAccess(task, container, serviceExecEnabled, region)} />
          </div>
        </>
      ),
    },
  ];
  return (
    <DataTable
      label={`Containers of task ${task.id}`}
      columns={columns}
      rows={task.containers}
      rowKey={(container) => container.name}
      density="compact"
      rowProps={(container) => ({ 'data-testid': 'container', 'data-container': container.name })}
    />
  );
}
