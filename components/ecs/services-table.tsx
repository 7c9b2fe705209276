import { PlaceLink as Link } from '@/components/targets/place-link';
import type { SortKey, ServiceListQuery } from '@/lib/ecs/service-list';
import type { ServiceRow } from '@/lib/views/cluster';
import { RedeployButton } from '../actions/service-actions';
import { Badge } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { ServiceStateLine } from './service-state';
import { FiringAlarms } from './alarms';
import { Revision, serviceHref } from './names';
import { RolloutBadge } from './deployments';
import { DataTable, type Column, type SortDirection } from '@/components/ui/table';

/** Server-rendered: sorting and filtering happen on the server from the URL. */
export function ServicesTable({
  rows,
  cluster,
  query,
  basePath,
  canChange,
}: {
  rows: ServiceRow[];
  cluster: string;
  query: ServiceListQuery;
  basePath: string;
  canChange: boolean;
}) {
  const sortHref = (key: string, dir: SortDirection) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.health) params.set('health', query.health);
    params.set('sort', key);
    params.set('dir', dir);
    return `${basePath}?${params.toString()}`;
  };
  const columns: Column<ServiceRow>[] = [
    {
      key: 'name' satisfies SortKey,
      header: 'Service',
      sortable: true,
      className: 'font-medium',
      cell: ({ service, drift }) => (
        <>
          <Link href={serviceHref(cluster, service.name)} className="text-sky-700 hover:underline">
            {service.name}
          </Link>
          {drift.length ? (
            <div className="mt-1">
              <Badge tone="amber" title={drift.map((d) => d.message).join('\n')}>
                drift
              </Badge>
            </div>
          ) : null}
        </>
      ),
    },
    {
      key: 'health' satisfies SortKey,
      header: 'State',
      sortable: true,
      cell: ({ state, alarms }) => (
        <>
          <ServiceStateLine state={state} block />
          <FiringAlarms alarms={alarms} />
        </>
      ),
    },
    {
      key: 'running' satisfies SortKey,
      header: 'Running / desired',
      sortable: true,
      className: 'tabular-nums',
      cell: ({ service }) => `${service.running} / ${service.desired}`,
    },
    {
      key: 'pending',
      header: 'Pending',
      className: 'tabular-nums',
      cell: ({ service }) => service.pending,
    },
    {
      key: 'rollout' satisfies SortKey,
      header: 'Rollout',
      sortable: true,
      cell: ({ primary }) =>
        primary?.rolloutState ? <RolloutBadge state={primary.rolloutState} /> : '—',
    },
    {
      key: 'revision' satisfies SortKey,
      header: 'Task definition',
      sortable: true,
      cell: ({ service }) => <Revision value={service.taskDefinition} />,
    },
    {
      key: 'launch',
      header: 'Launch',
      className: 'text-xs',
      cell: ({ service }) => service.launchType ?? '—',
    },
    {
      key: 'exec',
      header: 'Exec',
      className: 'text-xs',
      cell: ({ service }) => (service.enableExecuteCommand ? 'on' : 'off'),
    },
    {
      key: 'event' satisfies SortKey,
      header: 'Last event',
      sortable: true,
      className: 'max-w-md text-xs text-slate-600',
      cell: ({ lastEvent }) =>
        lastEvent ? (
          <>
            <RelativeTime at={lastEvent.createdAt} />{' '}
            <span className="break-words">{lastEvent.message}</span>
          </>
        ) : (
          '—'
        ),
    },
  ];
  if (canChange) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      cell: ({ service }) => <RedeployButton service={service} size="sm" />,
    });
  }
  return (
    <DataTable
      label="Services"
      columns={columns}
      rows={rows}
      rowKey={(row) => row.service.arn}
      sort={{ by: query.sort, dir: query.dir, href: sortHref }}
    />
  );
}
