import pLimit from 'p-limit';

/** Splits `items` into batches of at most `size`: AWS's Describe* batch limits. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Independent batch calls run in parallel, at most 8 at once so a cluster with a thousand
 * services does not burst past the API's rate limit.
 */
export async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  call: (batch: T[]) => Promise<R[]>,
): Promise<R[]> {
  const limit = pLimit(8);
  const results = await Promise.all(chunk(items, size).map((batch) => limit(() => call(batch))));
  return results.flat();
}

/**
 * Pipelined: each page of ids from a paginated List* is described in batches as soon as it
 * arrives, while the next page is fetched, instead of after the last one. With real latency a
 * cluster of 1,000 services costs about one round trip per list page, not two. Results keep
 * the pages' order; at most 8 describe calls run at once, as inBatches.
 */
export async function describeAsListed<T, R>(
  pages: AsyncIterable<readonly T[]>,
  size: number,
  call: (batch: T[]) => Promise<R[]>,
): Promise<R[]> {
  const limit = pLimit(8);
  const pending: Promise<R[]>[] = [];
  try {
    for await (const page of pages)
      for (const batch of chunk(page, size)) pending.push(limit(() => call(batch)));
  } catch (error) {
    // The listing failed: settle what was started, so no rejection goes unhandled.
    await Promise.allSettled(pending);
    throw error;
  }
  return (await Promise.all(pending)).flat();
}
