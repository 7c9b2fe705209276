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
