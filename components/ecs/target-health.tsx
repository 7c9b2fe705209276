import { PlaceLink as Link } from '@/components/targets/place-link';
import { Badge, type Tone } from '@/components/ui/badge';
import { DataTable } from '@/components/ui/table';
import type { TargetGroupHealth, TargetHealth } from '@/lib/aws/load-balancers';
import type { Task } from '@/lib/aws/types';
import { taskHref } from '@/lib/routes';
import type { TargetsRead } from '@/lib/views/service';

const STATE_TONE: Record<string, Tone> = {
  healthy: 'green',
  unhealthy: 'red',
  initial: 'blue',
  draining: 'amber',
  unused: 'gray',
  unavailable: 'gray',
};

function healthCheckText(group: TargetGroupHealth): string {
  const check = group.healthCheck;
  const port = check.port && check.port !== 'traffic-port' ? `:${check.port}` : '';
  return `${check.protocol ?? 'HTTP'} ${check.path ?? '/'}${port} every ${check.intervalSeconds ?? '?'}s (timeout ${check.timeoutSeconds ?? '?'}s): healthy after ${check.healthyThreshold ?? '?'} passes, unhealthy after ${check.unhealthyThreshold ?? '?'} failures, expects ${check.matcher ?? '200'}`;
}

/**
 * Each target group of the service: its load balancer (DNS name as a link), its health check,
 * and every target (IP:port → the task it is) with the state and reason the load balancer gives.
 */
export function TargetHealthPanel({
  read,
  tasks,
  cluster,
}: {
  read: TargetsRead;
  /** Live and recently stopped tasks: a target's IP names its task. */
  tasks: Task[];
  cluster: string;
}) {
  if (!read.ok) {
    return (
      <p className="text-sm text-slate-600">Target health could not be read: {read.message}</p>
    );
  }
  if (!read.groups.length) {
    return (
      <p className="text-sm text-slate-600">
        Not behind a load balancer: no target group receives this service&apos;s traffic.
      </p>
    );
  }
  const byIp = new Map(tasks.filter((t) => t.privateIp).map((t) => [t.privateIp, t]));
  return (
    <div className="space-y-4">
      {read.groups.map((group) => (
        <div key={group.arn} className="space-y-2 text-sm" data-testid="target-group">
          <p>
            <span className="font-mono text-xs" title={group.arn}>
              {group.name}
            </span>{' '}
            → {group.containerName}:{group.containerPort}
            {group.loadBalancers.map((lb) => (
              <span key={lb.arn}>
                {' '}
                on{' '}
                {lb.dnsName ? (
                  <a
                    href={`http://${lb.dnsName}`}
                    target="_blank"
                    rel="noreferrer"
                    className="text-sky-700 hover:underline"
                    title={lb.arn}
                  >
                    {lb.name} ({lb.dnsName})
                  </a>
                ) : (
                  lb.name
                )}
              </span>
            ))}
          </p>
          <p className="text-xs text-slate-600">Health check: {healthCheckText(group)}</p>
          <DataTable<TargetHealth>
            label={`Targets of ${group.name}`}
            density="tight"
            rows={group.targets}
            rowKey={(target) => `${target.id}:${target.port ?? ''}`}
            empty="No targets registered: no task of this service runs yet."
            rowProps={(target) => ({ 'data-target-state': target.state })}
            columns={[
              {
                key: 'target',
                header: 'Target',
                cell: (target) => {
                  const task = byIp.get(target.id);
                  const address = `${target.id}:${target.port ?? ''}`;
                  return task ? (
                    <span>
                      <span className="font-mono">{address}</span> ·{' '}
                      <Link
                        href={taskHref(cluster, task.id)}
                        className="font-mono text-sky-700 hover:underline"
                      >
                        {task.id.slice(0, 12)}
                      </Link>
                    </span>
                  ) : (
                    <span className="font-mono">{address}</span>
                  );
                },
              },
              {
                key: 'state',
                header: 'State',
                cell: (target) => (
                  <Badge tone={STATE_TONE[target.state] ?? 'gray'}>{target.state}</Badge>
                ),
              },
              {
                key: 'reason',
                header: 'Reason',
                cell: (target) =>
                  target.reason ? (
                    <span>
                      <span className="font-mono">{target.reason}</span>
                      {target.description ? `: ${target.description}` : ''}
                    </span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  ),
                className: 'text-slate-600 [overflow-wrap:anywhere]',
              },
            ]}
          />
        </div>
      ))}
    </div>
  );
}
