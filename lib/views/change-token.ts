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
  return createHash('sha1')
    .update(JSON.stringify([state, tick]))
    .digest('base64url')
    .slice(0, 16);
}

/** How often pages with time series (the service page's metrics) redraw at the least. */
export const METRICS_REDRAW_MS = 60_000;
