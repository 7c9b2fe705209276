import Link from 'next/link';
import type { ClusterOverview } from '@/lib/views/overview';
import { ServiceStateBadge, stateLabel } from './service-state';
import { InsightsBadge } from './insights';
import { clusterHref, serviceHref } from './names';
import { NamespaceName } from './namespace-name';
import { Table } from '@/components/ui/table';

/** The clusters overview table. */
export function ClusterList({ rows }: { rows: ClusterOverview[] }) {
  if (rows.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No ECS clusters in this region. Create one with `aws ecs create-cluster`.
      </p>
    );
  }
  return (
    <Table className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500 uppercase">
        <tr>
          <th className="py-2 pr-4">Cluster</th>
          <th className="py-2 pr-4">State</th>
          <th className="py-2 pr-4">Services</th>
          <th className="py-2 pr-4">Running</th>
          <th className="py-2 pr-4">Pending</th>
          <th className="py-2 pr-4">Container Insights</th>
          <th className="py-2 pr-4">Service Connect namespace</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(({ cluster, state, notSteady, namespace }) => (
          <tr key={cluster.arn}>
            <td className="py-2 pr-4 font-medium">
              <Link href={clusterHref(cluster.name)} className="text-sky-700 hover:underline">
                {cluster.name}
              </Link>
            </td>
            <td className="py-2 pr-4">
              <ServiceStateBadge state={state} />{' '}
              {notSteady.length ? (
                <span className="text-xs text-slate-600">
                  {notSteady.length} not steady:{' '}
                  {notSteady.map((s, i) => (
                    <span key={s.service}>
                      {i ? ', ' : null}
                      <Link
                        href={serviceHref(cluster.name, s.service)}
                        className="text-sky-700 hover:underline"
                        title={s.reason}
                      >
                        {s.service}
                      </Link>{' '}
                      ({stateLabel(s.state)})
                    </span>
                  ))}
                </span>
              ) : (
                <span className="text-xs text-slate-500">{state.reason}</span>
              )}
            </td>
            <td className="py-2 pr-4">{cluster.activeServices}</td>
            <td className="py-2 pr-4">{cluster.runningTasks}</td>
            <td className="py-2 pr-4">{cluster.pendingTasks}</td>
            <td className="py-2 pr-4">
              <InsightsBadge value={cluster.containerInsights} />
            </td>
            <td className="py-2 pr-4 text-xs text-slate-600">
              {namespace ? <NamespaceName namespace={namespace} /> : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
