import Link from 'next/link';
import { serviceHref } from './names';
import { serviceHistoryHref, serviceLogsHref } from '@/lib/routes';

type Tab = 'overview' | 'history' | 'logs';

/** Overview | History | Logs: each its own route (/history, /logs), so each is a link. */
export function ServiceTabs({
  cluster,
  service,
  active,
}: {
  cluster: string;
  service: string;
  active: Tab;
}) {
  const base = serviceHref(cluster, service);
  const tab = (id: Tab, label: string, href: string) => (
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
      {tab('overview', 'Overview', base)}
      {tab('history', 'History', serviceHistoryHref(cluster, service))}
      {tab('logs', 'Logs', serviceLogsHref(cluster, service))}
    </nav>
  );
}
