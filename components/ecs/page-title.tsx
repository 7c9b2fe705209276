import { PlaceLink as Link } from '@/components/targets/place-link';
import { consoleUrl } from '@/lib/ecs/console-links';

export interface Crumb {
  label: string;
  href?: string;
}

/**
 * Breadcrumbs and the page's heading; with `arn`, a link to the same resource in the AWS
 * console (in the ARN's region), for what Berth does not do.
 */
export function PageTitle({
  crumbs,
  title,
  arn,
  children,
}: {
  /** The trail, or an element that draws it (a layout's, which knows the active page). */
  crumbs: Crumb[] | React.ReactElement;
  title: string;
  arn?: string;
  children?: React.ReactNode;
}) {
  const consoleHref = arn ? consoleUrl(arn) : undefined;
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0 [overflow-wrap:anywhere]">
        {Array.isArray(crumbs) ? <Breadcrumbs crumbs={crumbs} /> : crumbs}
        <h1 className="mt-1 text-xl font-semibold text-slate-900">{title}</h1>
        {consoleHref ? (
          <a
            href={consoleHref}
            target="_blank"
            rel="noreferrer"
            className="text-xs text-sky-700 hover:underline"
            data-testid="console-link"
          >
            Open in the AWS console<span aria-hidden="true"> ↗</span>
          </a>
        ) : null}
      </div>
      {children}
    </div>
  );
}

/** The trail above a page's heading: every crumb but the last links back. */
export function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
      {crumbs.map((crumb, i) => (
        <span key={crumb.label}>
          {i > 0 ? ' / ' : ''}
          {crumb.href ? (
            <Link href={crumb.href} className="hover:underline">
              {crumb.label}
            </Link>
          ) : (
            crumb.label
          )}
        </span>
      ))}
    </nav>
  );
}
