import { PlaceLink as Link } from '@/components/targets/place-link';
import type { ClusterOverview } from '@/lib/views/overview';
import { ServiceStateBadge, stateLabel } from './service-state';
import { InsightsBadge } from './insights';
import { clusterHref, serviceHref } from './names';
import { NamespaceName } from './namespace-name';
import { DataTable, type Column } from '@/components/ui/table';

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
    <DataTable label="Clusters" columns={COLUMNS} rows={rows} rowKey={(row) => row.cluster.arn} />
  );
}

const COLUMNS: Column<ClusterOverview>[] = [
  {
    key: 'cluster',
    header: 'Cluster',
    className: 'font-medium',
    cell: ({ cluster }) => (
      <Link href={clusterHref(cluster.name)} className="text-sky-700 hover:underline">
        {cluster.name}
      </Link>
    ),
  },
  {
    key: 'state',
    header: 'State',
    cell: ({ cluster, state, notSteady }) => (
      <>
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
      </>
    ),
  },
  { key: 'services', header: 'Services', cell: ({ cluster }) => cluster.activeServices },
  { key: 'running', header: 'Running', cell: ({ cluster }) => cluster.runningTasks },
  { key: 'pending', header: 'Pending', cell: ({ cluster }) => cluster.pendingTasks },
  {
    key: 'insights',
    header: 'Container Insights',
    cell: ({ cluster }) => <InsightsBadge value={cluster.containerInsights} />,
  },
  {
    key: 'namespace',
    header: 'Service Connect namespace',
    className: 'text-xs text-slate-600',
    cell: ({ namespace }) => (namespace ? <NamespaceName namespace={namespace} /> : '—'),
  },
];
