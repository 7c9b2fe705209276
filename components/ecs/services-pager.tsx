import { Pager } from '@/components/ui/pager';
import type { ServiceListQuery } from '@/lib/ecs/service-list';

/**
 * Which 50 services the table shows, and links to the pages either side, keeping the filters
 * and the sort. Nothing when everything fits on one page.
 */
export function ServicesPager({
  query,
  page,
  pages,
  first,
  last,
  total,
  basePath,
}: {
  query: ServiceListQuery;
  page: number;
  pages: number;
  first: number;
  last: number;
  total: number;
  basePath: string;
}) {
  const href = (target: number) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.health) params.set('health', query.health);
    if (query.sort !== 'name') params.set('sort', query.sort);
    if (query.dir !== 'asc') params.set('dir', query.dir);
    if (target > 1) params.set('page', String(target));
    const search = params.toString();
    return search ? `${basePath}?${search}` : basePath;
  };
  return (
    <Pager
      label="Services pages"
      testId="services-range"
      page={page}
      pages={pages}
      first={first}
      last={last}
      total={total}
      href={href}
    />
  );
}
