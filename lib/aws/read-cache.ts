import 'server-only';
import { LRUCache } from 'lru-cache';
import { env } from '../env';
import { currentPlace, inPlace, placeId, placeInScope } from '../targets/place';
import { AwsCallError, toAwsFailure, type AwsFailure } from './errors';
import { processWide } from '../process-wide';
import { forgetKeptLists } from './kept-lists';

/**
 * Reads shared by every viewer. Identical reads in flight are coalesced into one AWS call and
 * the result is reused for BERTH_CACHE_TTL_MS, so fifty open tabs cost what one does. When a
 * refresh fails and an earlier result exists, that result is returned marked stale, so an
 * outage shows the last known state instead of an error page.
 *
 * Every key is the request's place (target and region) followed by the read's own key, and the
 * loader runs in that place: two accounts never share an answer or an AWS call.
 */
export interface Fetched<T> {
  data: T;
  fetchedAt: number;
  /** Set when `data` is the last known state because the refresh failed. */
  stale?: AwsFailure;
}

interface Entry {
  data: unknown;
  fetchedAt: number;
}

type Loader = () => Promise<unknown>;

/** The reads every viewer shares (see processWide), and each key's last failure. */
const { cache, forever, lastFailure } = processWide('read-cache', () => {
  const lastFailure = new Map<string, AwsFailure>();
  const cache = new LRUCache<string, Entry, Loader>({
    max: 5000,
    ttl: Math.max(1, env().cacheTtlMs),
    // A failed refresh returns the last result and keeps it (lru-cache deletes nothing then).
    allowStaleOnFetchRejection: true,
    fetchMethod: async (key, _stale, { context }) => {
      const data = await context();
      lastFailure.delete(key);
      return { data, fetchedAt: Date.now() };
    },
  });
  /** Immutable things (task definition revisions) are kept until evicted, never refetched. */
  const forever = new LRUCache<string, Entry, Loader>({
    max: 2000,
    fetchMethod: async (_key, _stale, { context }) => ({
      data: await context(),
      fetchedAt: Date.now(),
    }),
  });
  return { cache, forever, lastFailure };
});

/**
 * @param key identifies the read: operation and arguments.
 * @param action the IAM action, for the error a person sees if it fails.
 * @param options.ttlMs how long this read stays fresh, when not BERTH_CACHE_TTL_MS: longer for
 *   reads whose key already changes whenever their answer can (see serviceStateHistory).
 */
export async function readThrough<T>(
  key: string,
  action: string,
  load: () => Promise<T>,
  options: { ttlMs?: number } = {},
): Promise<Fetched<T>> {
  const place = await currentPlace();
  key = `${placeId(place)}|${key}`;
  let entry: Entry | undefined;
  try {
    entry = await cache.fetch(key, {
      ...(options.ttlMs ? { ttl: options.ttlMs } : {}),
      context: async () => {
        try {
          return await inPlace(place, load);
        } catch (error) {
          lastFailure.set(key, toAwsFailure(error, action));
          throw error;
        }
      },
    });
  } catch (error) {
    throw new AwsCallError(lastFailure.get(key) ?? toAwsFailure(error, action));
  }
  if (!entry) throw new AwsCallError(lastFailure.get(key) ?? toAwsFailure(undefined, action));
  const failure = lastFailure.get(key);
  // Not-found and access-denied are answers, not outages: never paper over them.
  if (failure && (failure.kind === 'not-found' || failure.kind === 'access-denied')) {
    throw new AwsCallError(failure);
  }
  return {
    data: entry.data as T,
    fetchedAt: entry.fetchedAt,
    ...(failure ? { stale: failure } : {}),
  };
}

/** Immutable things (task definition revisions) are kept until evicted, never refetched. */
export async function readImmutable<T>(
  key: string,
  action: string,
  load: () => Promise<T>,
): Promise<T> {
  const place = await currentPlace();
  try {
    const entry = await forever.fetch(`${placeId(place)}|${key}`, {
      context: () => inPlace(place, load),
    });
    if (!entry) throw new Error(`no value for ${key}`);
    return entry.data as T;
  } catch (error) {
    throw new AwsCallError(toAwsFailure(error, action));
  }
}

/** After a change Berth made itself, the next read of what it touched (in its place) goes to AWS. */
export function invalidate(...prefixes: string[]) {
  const place = `${placeId(placeInScope())}|`;
  prefixes = prefixes.map((prefix) => place + prefix);
  for (const key of [...cache.keys()]) {
    if (prefixes.some((prefix) => key.startsWith(prefix))) cache.delete(key);
  }
  forgetKeptLists(prefixes);
}
