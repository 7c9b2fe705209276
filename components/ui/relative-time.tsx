'use client';

import { useNow } from './use-now';

export function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** "3m ago", kept current in the browser, with the exact time on hover. */
export function RelativeTime({ at }: { at?: number }) {
  const now = useNow();
  if (at === undefined) return <span className="text-slate-400">—</span>;
  const iso = new Date(at).toISOString();
  return (
    <time dateTime={iso} title={iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}>
      {now === undefined ? `${iso.slice(11, 19)} UTC` : formatAgo(now - at)}
    </time>
  );
}
