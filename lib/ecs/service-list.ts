/**
 * Sorting, filtering and paging of the services table. The URL holds the state
 * (?q=&health=&sort=&dir=&page=) so every view is a link; parsing never fails, unknown values
 * fall back to defaults. Filters and sorts cover every service; a page shows 50 of them, so a
 * page's cost does not grow with rows nobody can see.
 */
import type { Service } from '../aws/types';
import { SERVICE_STATES, type ServiceState, type ServiceStateName } from './service-state';
import { parsePage } from '../paging';

export const SORT_KEYS = ['name', 'health', 'running', 'rollout', 'revision', 'event'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface ServiceListQuery {
  q: string;
  /** The state filter: `?health=failed` (the parameter keeps its first name, for old links). */
  health?: ServiceStateName;
  sort: SortKey;
  dir: 'asc' | 'desc';
  /** 1-based; past the last page reads as the last page. */
  page: number;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function parseServiceListQuery(
  params: Record<string, string | string[] | undefined>,
): ServiceListQuery {
  const sort = first(params.sort);
  const health = first(params.health);
  return {
    q: (first(params.q) ?? '').slice(0, 200),
    health: SERVICE_STATES.includes(health as ServiceStateName)
      ? (health as ServiceStateName)
      : undefined,
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : 'name',
    dir: first(params.dir) === 'desc' ? 'desc' : 'asc',
    page: parsePage(params.page),
  };
}

interface Row {
  service: Service;
  state: ServiceState;
  lastEvent?: { createdAt?: number };
}

function compare(a: Row, b: Row, key: SortKey): number {
  switch (key) {
    case 'health':
      return SERVICE_STATES.indexOf(a.state.state) - SERVICE_STATES.indexOf(b.state.state);
    case 'running':
      return a.service.running - a.service.desired - (b.service.running - b.service.desired);
    case 'rollout':
      return (a.service.deployments[0]?.rolloutState ?? '').localeCompare(
        b.service.deployments[0]?.rolloutState ?? '',
      );
    case 'revision':
      return `${a.service.taskDefinition.family}:${a.service.taskDefinition.revision}`.localeCompare(
        `${b.service.taskDefinition.family}:${b.service.taskDefinition.revision}`,
      );
    case 'event':
      return (a.lastEvent?.createdAt ?? 0) - (b.lastEvent?.createdAt ?? 0);
    default:
      return 0;
  }
}

/** Matches name, task definition family and launch type, case-insensitively. */
export function applyServiceListQuery<T extends Row>(rows: T[], query: ServiceListQuery): T[] {
  const needle = query.q.trim().toLowerCase();
  const filtered = rows.filter(
    (row) =>
      (!query.health || row.state.state === query.health) &&
      (!needle ||
        row.service.name.toLowerCase().includes(needle) ||
        row.service.taskDefinition.family.toLowerCase().includes(needle)),
  );
  const ascending = (a: T, b: T) =>
    compare(a, b, query.sort) || a.service.name.localeCompare(b.service.name);
  return filtered.sort(query.dir === 'desc' ? (a, b) => ascending(b, a) : ascending);
}
