/**
 * Tables that can hold more rows than anyone reads at once (services, images) show 50 a page,
 * the page in the URL (`?page=2`), so a page's cost does not grow with rows nobody can see.
 */
export const ROWS_PER_PAGE = 50;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `?page=`: a whole number from 1; anything else (blank, 0, -1, 1.5, x) is page 1. */
export function parsePage(value: string | string[] | undefined): number {
  const page = first(value) ?? '';
  return /^[1-9]\d{0,5}$/.test(page) ? Number(page) : 1;
}

/** One page of the (filtered, sorted) rows: which page it is, of how many, and its rows. */
export function pageOfRows<T>(rows: T[], page: number) {
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  const current = Math.min(page, pages);
  const start = (current - 1) * ROWS_PER_PAGE;
  return {
    rows: rows.slice(start, start + ROWS_PER_PAGE),
    page: current,
    pages,
    /** 1-based positions of the first and last row shown (0, 0 when there are none). */
    first: rows.length ? start + 1 : 0,
    last: Math.min(start + ROWS_PER_PAGE, rows.length),
  };
}
