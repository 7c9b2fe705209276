import Link from 'next/link';

/** Overview | History, kept in the URL (?tab=history) so each is a link. */
export function ServiceTabs({ active }: { active: 'overview' | 'history' }) {
  const tab = (id: 'overview' | 'history', label: string, href: string) => (
    <Link
      href={href}
      aria-current={active === id ? 'page' : undefined}
      className={`border-b-2 px-3 py-1.5 text-sm ${active === id ? 'border-sky-700 font-medium text-sky-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Service views" className="mb-4 flex gap-1 border-b border-slate-200">
      {tab('overview', 'Overview', '?')}
      {tab('history', 'History', '?tab=history')}
    </nav>
  );
}
