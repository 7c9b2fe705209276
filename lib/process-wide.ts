/**
 * One instance per server process of something every viewer must share (a cache, the sessions
 * Berth holds). Next.js bundles pages, route handlers and proxy.ts separately, and each bundle
 * runs its own copy of a module: top-level state would be one cache per bundle, so
 * /api/changes would read again from AWS what the page had just read. Kept on globalThis
 * under a name instead, created by whichever bundle asks first.
 */
export function processWide<T>(name: string, create: () => T): T {
  const store = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(`berth.${name}`);
  if (!(key in store)) store[key] = create();
  return store[key] as T;
}
