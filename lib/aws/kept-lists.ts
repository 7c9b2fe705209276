import 'server-only';
import { LRUCache } from 'lru-cache';
import { processWide } from '../process-wide';
import { currentPlace, placeId } from '../targets/place';
import { describeAsListed, inBatches } from './batch';
import { env } from '../env';
import {
  resourceId,
  toRedescribe,
  type Description,
  type Reuse,
  type Signature,
} from './redescribe';

/**
 * The ARNs of a cluster's services and tasks, kept across refreshes. Listing 1,000 services or
 * 3,000 tasks is a chain of 10 or 30 ListServices/ListTasks pages, each waiting for the one
 * before (nextToken); at 100 ms a call that is 1 or 3 s before the last describe can start.
 * So a list that took more than one page is kept: while it is younger than
 * BERTH_LIST_REUSE_SECONDS (30 by default), the next read describes the kept ARNs at once and
 * lists again in the background (one listing however many ask), and a refresh waits for the
 * describes only. What it shows is then at most one refresh behind on membership (a task
 * started since shows at the next refresh; one that stopped is described as stopped and left
 * out), and the view's age says so: `listedAt`. A one-page list is read with its page, as
 * before: it costs one round trip and is exact. With `reuse` (services), the descriptions are
 * kept too, and a refresh describes again only what may have changed (redescribe.ts).
 */
interface KeptList {
  arns: string[];
  listedAt: number;
  /** With `reuse`: the descriptions, shared with the list's next listing (see keep). */
  descriptions?: Descriptions<unknown>;
}

interface Descriptions<T> {
  /** The last description of each listed resource, by resourceId (see redescribe.ts). */
  byId: Map<string, Description<T>>;
  /** When the last refresh described. */
  at: number;
}

const { kept, listing } = processWide('kept-lists', () => ({
  kept: new LRUCache<string, KeptList>({ max: 500 }),
  /** Background listings under way, by key: one per list however many readers ask. */
  listing: new Map<string, Promise<void>>(),
}));

export interface Described<T> {
  items: T[];
  /** When the list of ARNs these describe was read: the oldest thing in the answer. */
  listedAt: number;
}

/** How a kept list's descriptions are reused (redescribe.ts); the signatures are read last. */
export interface KeptReuse<T> extends Reuse<T> {
  signatures: () => Promise<Signature<T>>;
}

/**
 * Every item of a paginated list, described in batches of `size`: the kept ARNs when there
 * are (see above), else each page as it arrives (describeAsListed). With `reuse`, a kept list
 * keeps its descriptions too, and a refresh describes again only what redescribe.ts says.
 * @param key the read's cache key (the place is added here, as the read cache does).
 * @param pages lists the ARNs afresh, a page at a time.
 * @returns the items, and when the oldest thing they say was read: list or description.
 */
export async function describeKeptList<T>(
  key: string,
  pages: () => AsyncIterable<string[]>,
  size: number,
  describe: (batch: string[]) => Promise<T[]>,
  reuse?: KeptReuse<T>,
): Promise<Described<T>> {
  const placed = `${placeId(await currentPlace())}|${key}`;
  const last = kept.get(placed);
  if (last && Date.now() - last.listedAt < env().listReuseMs) {
    listAgain(placed, pages);
    if (reuse && last.descriptions) return describeChanged(last, size, describe, reuse);
    return { items: await inBatches(last.arns, size, describe), listedAt: last.listedAt };
  }
  const listedAt = Date.now();
  const listed = collect(pages());
  const items = await describeAsListed(listed.pages, size, describe);
  // No signatures: no tasks were read before these descriptions, so the next refresh
  // describes everything once more, noting the signatures of the tasks it reads first.
  const descriptions = reuse && {
    byId: new Map(items.map((item) => [resourceId(reuse.arnOf(item)), { item, at: listedAt }])),
    at: listedAt,
  };
  keep(placed, listed.arns, listed.count(), listedAt, descriptions);
  return { items, listedAt };
}

/** The kept list's items: what may have changed described again, the rest as kept. */
async function describeChanged<T>(
  list: KeptList,
  size: number,
  describe: (batch: string[]) => Promise<T[]>,
  reuse: KeptReuse<T>,
): Promise<Described<T>> {
  const descriptions = list.descriptions as Descriptions<T>;
  const described = descriptions.byId;
  const signatureOf = await reuse.signatures();
  const now = Date.now();
  const chosen = toRedescribe(list.arns, described, reuse, signatureOf, {
    now,
    since: descriptions.at,
    windowMs: env().listReuseMs,
    size,
  });
  const fresh = new Map(
    (await inBatches(chosen, size, describe)).map((item) => [resourceId(reuse.arnOf(item)), item]),
  );
  for (const id of chosen.map(resourceId)) {
    const item = fresh.get(id);
    // Not described: ECS no longer knows it (MISSING); the next listing leaves it out too.
    if (!item) described.delete(id);
    // An unknown signature keeps the one noted before: it was read before either description.
    else
      described.set(id, {
        item,
        at: now,
        signature: signatureOf(item) ?? described.get(id)?.signature,
      });
  }
  descriptions.at = now;
  const ids = new Set(list.arns.map(resourceId));
  for (const id of described.keys()) if (!ids.has(id)) described.delete(id);
  const shown = list.arns.flatMap((arn) => described.get(resourceId(arn)) ?? []);
  return {
    items: shown.map((description) => description.item),
    listedAt: Math.min(list.listedAt, ...shown.map((description) => description.at)),
  };
}

/** Passes the pages on, noting their ARNs and how many pages there were. */
function collect(source: AsyncIterable<string[]>) {
  const arns: string[] = [];
  let count = 0;
  async function* pages() {
    for await (const page of source) {
      count++;
      arns.push(...page);
      yield page;
    }
  }
  return { pages: pages(), arns, count: () => count };
}

/**
 * Keeps a list of more than one page. A listing behind the page (listAgain) passes no
 * descriptions and keeps the ones there are: describeChanged drops the unlisted.
 */
function keep(
  key: string,
  arns: string[],
  pageCount: number,
  listedAt: number,
  descriptions = kept.get(key)?.descriptions,
) {
  if (pageCount > 1) kept.set(key, { arns, listedAt, descriptions });
  else kept.delete(key);
}

/** Lists again in the background; a failure leaves the kept list to age out. */
function listAgain(key: string, pages: () => AsyncIterable<string[]>) {
  if (listing.has(key)) return;
  const run = (async () => {
    const listedAt = Date.now();
    const listed = collect(pages());
    for await (const page of listed.pages) void page;
    // Unless Berth forgot the list meanwhile (a change it made) or a reader listed it since:
    // this listing may predate the change.
    const current = kept.get(key);
    if (current && current.listedAt < listedAt) keep(key, listed.arns, listed.count(), listedAt);
  })()
    .catch(() => undefined)
    .finally(() => listing.delete(key));
  listing.set(key, run);
}

/** Resolves when every background listing under way has finished (for tests and benches). */
export async function listingsSettled(): Promise<void> {
  while (listing.size) await Promise.all(listing.values());
}

/** After a change Berth made: the kept lists under these keys (any place) are listed afresh. */
export function forgetKeptLists(placedPrefixes: string[]) {
  for (const key of [...kept.keys()]) {
    if (placedPrefixes.some((prefix) => key.startsWith(prefix))) kept.delete(key);
  }
}
