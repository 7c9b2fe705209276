import { PlaceLink as Link } from '@/components/targets/place-link';

/**
 * Which rows of a paged table are shown (`first`–`last` of `total`), with links to the pages
 * either side. Nothing when everything fits on one page.
 */
export function Pager({
  label,
  testId,
  page,
  pages,
  first,
  last,
  total,
  href,
}: {
  /** The navigation's accessible name: "Services pages". */
  label: string;
  /** The range's test id: "services-range". */
  testId: string;
  page: number;
  pages: number;
  first: number;
  last: number;
  total: number;
  /** The URL of a page, keeping whatever else the URL holds. */
  href: (page: number) => string;
}) {
  if (pages <= 1) return null;
  const link = 'rounded-md border border-slate-300 px-2 py-1 text-sky-700 hover:bg-slate-50';
  const off = 'rounded-md border border-slate-200 px-2 py-1 text-slate-400';
  return (
    <nav aria-label={label} className="mt-3 flex flex-wrap items-center gap-3 text-sm">
      <span className="tabular-nums text-slate-600" data-testid={testId}>
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
