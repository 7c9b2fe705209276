import type { NamespaceRef } from '@/lib/aws/namespaces';
import type { ServiceConnect, Task } from '@/lib/aws/types';
import { isServiceConnectProxy } from '@/lib/ecs/containers';
import { Empty } from '../ui/section';
import { HealthStatusBadge, LastStatusBadge } from './health';
import { NamespaceName } from './namespace-name';

/** Service Connect: namespace, discovery names, client aliases, and the proxy in each task. */
export function ServiceConnectPanel({
  config,
  namespace,
  tasks,
}: {
  config?: ServiceConnect;
  namespace?: NamespaceRef & { clusterDefault?: boolean };
  tasks: Task[];
}) {
  if (!config?.enabled) return <Empty>Service Connect is not enabled for this service.</Empty>;
  const proxies = tasks.flatMap((task) =>
    task.containers.filter(isServiceConnectProxy).map((proxy) => ({ task, proxy })),
  );
  return (
    <div className="space-y-3 text-sm">
      <p>
        Namespace {namespace ? <NamespaceName namespace={namespace} /> : '(cluster default)'}
        {namespace?.clusterDefault ? (
          <span className="text-slate-500"> (the cluster&apos;s default)</span>
        ) : null}
      </p>
      {config.services.length ? (
        <ul className="space-y-1">
          {config.services.map((s) => (
            <li key={s.portName}>
              <span className="font-mono">{s.discoveryName ?? s.portName}</span>{' '}
              <span className="text-slate-500">port name {s.portName}</span>
              {s.clientAliases.map((alias) => (
                <span
                  key={`${alias.dnsName}:${alias.port}`}
                  className="ml-2 font-mono text-xs text-slate-600"
                >
                  {alias.dnsName ?? s.discoveryName ?? s.portName}:{alias.port}
                </span>
              ))}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-500">
          Client only: this service resolves others in the namespace but publishes no endpoint.
        </p>
      )}
      <div>
        <h3 className="text-xs font-semibold text-slate-500 uppercase">Proxy containers</h3>
        {proxies.length === 0 ? (
          <Empty>No proxy containers in the running tasks yet.</Empty>
        ) : (
          <ul className="mt-1 space-y-1">
            {proxies.map(({ task, proxy }) => (
              <li key={`${task.id}-${proxy.name}`} className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs">{proxy.name}</span>
                <LastStatusBadge status={proxy.lastStatus} />
                <HealthStatusBadge status={proxy.healthStatus} />
                <span className="font-mono text-xs text-slate-500">
                  task {task.id.slice(0, 12)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
