import Link from 'next/link';

export interface Crumb {
  label: string;
  href?: string;
}

/** Breadcrumbs and the page's heading. */
export function PageTitle({
  crumbs,
  title,
  children,
}: {
  crumbs: Crumb[];
  title: string;
  children?: React.ReactNode;
}) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0 [overflow-wrap:anywhere]">
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
        <h1 className="mt-1 text-xl font-semibold text-slate-900">{title}</h1>
      </div>
      {children}
    </div>
  );
}
