'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { formatAgo } from './relative-time';
import { useNow } from './use-now';

/**
 * Re-renders the page's server components every `seconds` while the tab is visible, without
 * a reload: scroll position, inputs and URL filters stay. Shows how old the data is.
 */
export function AutoRefresh({ seconds, fetchedAt }: { seconds: number; fetchedAt: number }) {
  const router = useRouter();
  const now = useNow();

  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible') router.refresh();
    };
    const timer = setInterval(refresh, seconds * 1000);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [router, seconds]);

  return (
    <p className="text-xs text-slate-500" data-testid="updated">
      updated {formatAgo((now ?? fetchedAt) - fetchedAt)} · refreshes every {seconds}s
    </p>
  );
}
