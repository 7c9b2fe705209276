'use client';

import { usePlaceBase } from '@/components/targets/place-link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { formatAgo } from './relative-time';
import { useNow } from './use-now';

/**
 * Keeps the page current while the tab is visible, without a reload: every `seconds` it asks
 * /api/changes for the page's change token (`watch` names the view) and re-renders the server
 * components only when the token differs from the one the page was drawn with. Scroll
 * position, inputs and URL filters stay. If the check fails, it re-renders anyway, so an
 * outage shows on the page. Shows when the data was last known to be current.
 */
export function AutoRefresh({
  seconds,
  fetchedAt,
  token,
  watch,
}: {
  seconds: number;
  fetchedAt: number;
  /** The change token of what this render drew. */
  token: string;
  /** The /api/changes query for this page: view=cluster&cluster=cruddur. */
  watch: string;
}) {
  const router = useRouter();
  // The place's prefix: its routes answer for the page's account and region (proxy.ts).
  const base = usePlaceBase();
  const now = useNow();
  const drawn = useRef(token);
  const [confirmedAt, setConfirmedAt] = useState(fetchedAt);
  useEffect(() => {
    drawn.current = token;
  }, [token]);

  useEffect(() => {
    let inFlight = false;
    const check = async () => {
      if (document.visibilityState !== 'visible' || inFlight) return;
      inFlight = true;
      try {
        const response = await fetch(`${base}/api/changes?${watch}`, { cache: 'no-store' });
        const body = (await response.json()) as { token?: string };
        if (!response.ok || body.token !== drawn.current) router.refresh();
        else setConfirmedAt(Date.now());
      } catch {
        router.refresh();
      } finally {
        inFlight = false;
      }
    };
    const timer = setInterval(() => void check(), seconds * 1000);
    const onVisible = () => void check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [base, router, seconds, watch]);

  const current = Math.max(fetchedAt, confirmedAt);
  return (
    <p className="text-xs text-slate-500" data-testid="updated">
      updated {formatAgo((now ?? current) - current)} · refreshes every {seconds}s
    </p>
  );
}
