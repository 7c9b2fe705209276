'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { SERVICE_STATES } from '@/lib/ecs/service-state';
import { stateLabel } from './service-state';

/** The services table's filters, kept in the URL so the view is a link. */
export function ServicesFilter() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    // Another filter is another list: start at its first page.
    next.delete('page');
    const search = next.toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };

  // Typing updates the URL after a pause, not on every key.
  useEffect(() => {
    if (q === (params.get('q') ?? '')) return;
    const timer = setTimeout(() => update('q', q), 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="text-sm">
        <span className="sr-only">Filter services</span>
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Filter by name or family"
          data-page-filter
          aria-keyshortcuts="/"
          className="w-64 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <label className="text-sm text-slate-600">
        State{' '}
        <select
          value={params.get('health') ?? ''}
          onChange={(e) => update('health', e.target.value)}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        >
          <option value="">any</option>
          {SERVICE_STATES.map((state) => (
            <option key={state} value={state}>
              {stateLabel(state)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
