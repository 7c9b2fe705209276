import { PlaceLink as Link } from '@/components/targets/place-link';
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
  if (pages <= 1) return null;
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
  const link = 'rounded-md border border-slate-300 px-2 py-1 text-sky-700 hover:bg-slate-50';
  const off = 'rounded-md border border-slate-200 px-2 py-1 text-slate-400';
  return (
    <nav aria-label="Services pages" className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <span className="tabular-nums text-slate-600" data-testid="services-range">
        {first}–{last} of {total} · page {page} of {pages}
      </span>
      {page > 1 ? (
        <Link href={href(page - 1)} className={link} rel="prev">
          ‹ Previous
        </Link>
      ) : (
        <span className={off} aria-disabled="true">
          ‹ Previous
        </span>
      )}
      {page < pages ? (
        <Link href={href(page + 1)} className={link} rel="next">
          Next ›
        </Link>
      ) : (
        <span className={off} aria-disabled="true">
          Next ›
        </span>
      )}
    </nav>
  );
}
