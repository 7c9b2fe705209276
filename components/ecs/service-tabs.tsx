'use client';

import { PlaceLink as Link } from '@/components/targets/place-link';
import { useSelectedLayoutSegment } from 'next/navigation';
import { clusterHref, serviceHistoryHref, serviceHref, serviceLogsHref } from '@/lib/routes';
import { Breadcrumbs } from './page-title';

type View = 'overview' | 'history' | 'logs';

/** The service view the URL shows: the layout's child segment (none for the overview). */
function useServiceView(): View {
  const segment = useSelectedLayoutSegment();
  return segment === 'history' || segment === 'logs' ? segment : 'overview';
}

const VIEW_LABELS: Record<View, string> = {
  overview: 'Overview',
  history: 'History',
  logs: 'Logs',
};

/** Clusters / cluster / service, and the view when it is not the overview. */
export function ServiceCrumbs({ cluster, service }: { cluster: string; service: string }) {
  const view = useServiceView();
  const trail = [
    { label: 'Clusters', href: '/' },
    { label: cluster, href: clusterHref(cluster) },
  ];
  return (
    <Breadcrumbs
      crumbs={
        view === 'overview'
          ? [...trail, { label: service }]
          : [
              ...trail,
              { label: service, href: serviceHref(cluster, service) },
              { label: VIEW_LABELS[view] },
            ]
      }
    />
  );
}

/** Overview | History | Logs: each its own route (/history, /logs), so each is a link. */
export function ServiceTabs({ cluster, service }: { cluster: string; service: string }) {
  const active = useServiceView();
  const hrefs: Record<View, string> = {
    overview: serviceHref(cluster, service),
    history: serviceHistoryHref(cluster, service),
    logs: serviceLogsHref(cluster, service),
  };
  return (
    <nav aria-label="Service views" className="mb-4 flex gap-1 border-b border-slate-200">
      {(['overview', 'history', 'logs'] as const).map((view) => (
        <Link
          key={view}
          href={hrefs[view]}
          aria-current={active === view ? 'page' : undefined}
          className={`border-b-2 px-3 py-1.5 text-sm ${active === view ? 'border-sky-700 font-medium text-sky-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
        >
          {VIEW_LABELS[view]}
        </Link>
      ))}
    </nav>
  );
}
