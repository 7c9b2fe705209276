import 'server-only';
import { createHash } from 'node:crypto';
import type { View } from './result';

/**
 * A short fingerprint of what a page draws from its view: the same data gives the same token,
 * so an open tab asks /api/changes every few seconds (a few dozen bytes) and re-renders only
 * when the token moves, instead of re-rendering everything on a timer. `everyMs` also moves it
 * on a clock, for pages whose side panels (metrics) change without the view changing.
 */
export function changeToken(view: View<unknown>, everyMs = 0): string {
  const state = view.ok ? [view.data, view.stale?.kind ?? null] : ['failed', view.failure.kind];
  const tick = everyMs > 0 ? Math.floor(Date.now() / everyMs) : 0;
  // A view whose data is the same object as before (views built from unchanged cached reads
  // are, see lib/views/cluster.ts) has the same token: hashing a 1,000-service view costs more
  // than serving the page it guards.
  const memo = view.ok && typeof view.data === 'object' && view.data ? view.data : undefined;
  const memoKey = `${String(state[1])}|${tick}`;
  const known = memo && tokens.get(memo)?.get(memoKey);
  if (known) return known;
  const token = createHash('sha1')
    .update(JSON.stringify([state, tick]))
    .digest('base64url')
    .slice(0, 16);
  if (memo) tokens.set(memo, new Map([[memoKey, token]]));
  return token;
}

/** Tokens by the view data they were computed from (gone with it). */
const tokens = new WeakMap<object, Map<string, string>>();

/** How often pages with time series (the service page's metrics) redraw at the least. */
export const METRICS_REDRAW_MS = 60_000;
