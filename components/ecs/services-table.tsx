import Link from 'next/link';
import type { SortKey, ServiceListQuery } from '@/lib/ecs/service-list';
import type { ServiceRow } from '@/lib/views/cluster';
import { RedeployButton } from '../actions/service-actions';
import { Badge } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { ServiceStateLine } from './service-state';
import { Revision, serviceHref } from './names';
import { RolloutBadge } from './deployments';
import { Table } from '@/components/ui/table';

function SortHeader({
  label,
  sortKey,
  query,
  basePath,
}: {
  label: string;
  sortKey: SortKey;
  query: ServiceListQuery;
  basePath: string;
}) {
  const active = query.sort === sortKey;
  const dir = active && query.dir === 'asc' ? 'desc' : 'asc';
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.health) params.set('health', query.health);
  params.set('sort', sortKey);
  params.set('dir', dir);
  return (
    <th
      className="py-2 pr-3"
      aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <Link href={`${basePath}?${params.toString()}`} scroll={false} className="hover:underline">
        {label}
        {active ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}

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
  return (
    <Table className="w-full text-left text-sm" aria-label="Services">
      <thead className="text-xs text-slate-500 uppercase">
        <tr>
          <SortHeader label="Service" sortKey="name" query={query} basePath={basePath} />
          <SortHeader label="State" sortKey="health" query={query} basePath={basePath} />
          <SortHeader
            label="Running / desired"
            sortKey="running"
            query={query}
            basePath={basePath}
          />
          <th className="py-2 pr-3">Pending</th>
          <SortHeader label="Rollout" sortKey="rollout" query={query} basePath={basePath} />
          <SortHeader
            label="Task definition"
            sortKey="revision"
            query={query}
            basePath={basePath}
          />
          <th className="py-2 pr-3">Launch</th>
          <th className="py-2 pr-3">Exec</th>
          <SortHeader label="Last event" sortKey="event" query={query} basePath={basePath} />
          {canChange ? <th className="py-2 pr-3">Actions</th> : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {rows.map(({ service, state, primary, drift, lastEvent }) => (
          <tr key={service.arn}>
            <td className="py-2 pr-3 font-medium">
              <Link
                href={serviceHref(cluster, service.name)}
                className="text-sky-700 hover:underline"
              >
                {service.name}
              </Link>
              {drift.length ? (
                <div className="mt-1">
                  <Badge tone="amber" title={drift.map((d) => d.message).join('\n')}>
                    drift
                  </Badge>
                </div>
              ) : null}
            </td>
            <td className="py-2 pr-3">
              <ServiceStateLine state={state} block />
            </td>
            <td className="py-2 pr-3 tabular-nums">
              {service.running} / {service.desired}
            </td>
            <td className="py-2 pr-3 tabular-nums">{service.pending}</td>
            <td className="py-2 pr-3">
              {primary?.rolloutState ? <RolloutBadge state={primary.rolloutState} /> : '—'}
            </td>
            <td className="py-2 pr-3">
              <Revision value={service.taskDefinition} />
            </td>
            <td className="py-2 pr-3 text-xs">{service.launchType ?? '—'}</td>
            <td className="py-2 pr-3 text-xs">{service.enableExecuteCommand ? 'on' : 'off'}</td>
            <td className="max-w-md py-2 pr-3 text-xs text-slate-600">
              {lastEvent ? (
                <>
                  <RelativeTime at={lastEvent.createdAt} />{' '}
                  <span className="break-words">{lastEvent.message}</span>
                </>
              ) : (
                '—'
              )}
            </td>
            {canChange ? (
              <td className="py-2 pr-3">
                <RedeployButton service={service} size="sm" />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
