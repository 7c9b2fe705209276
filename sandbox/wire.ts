/**
 * The awsJson1_1 wire format as AWS speaks it: errors carry `__type` and a lowercase
 * `message`; ECS and ECR timestamps are epoch seconds, CloudWatch Logs epoch milliseconds.
 */
import { createHash, randomUUID } from 'node:crypto';
import { invalidParameter } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

/** ECS/ECR timestamps: epoch seconds with a millisecond fraction. */
export const epochSeconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

export const requestId = () => randomUUID();

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A hex id of `length` characters, derived from a random source so runs are reproducible. */
export function hexId(next: () => number, length = 32): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(next() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** Opaque pagination token: the offset plus a fingerprint of the query it belongs to. */
export function encodeToken(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: sha256(query).slice(0, 16) })).toString(
    'base64',
  );
}

export function decodeToken(token: string | undefined, query: string): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      o?: unknown;
      q?: unknown;
    };
    if (typeof parsed.o === 'number' && parsed.q === sha256(query).slice(0, 16)) return parsed.o;
  } catch {
    // fall through to the error AWS gives for a token it did not issue
  }
  throw invalidParameter('The specified nextToken is invalid.');
}

/**
 * One page of `items`, AWS style: `maxResults` bounds the page and a `nextToken` is returned
 * only when more remain.
 */
export function paginate<T>(
  items: readonly T[],
  opts: {
    nextToken?: string;
    maxResults?: number;
    defaultMax: number;
    limit: number;
    query: string;
    /** The request member that sets the page size: maxResults, or limit for Logs. */
    param?: string;
  },
): { page: T[]; nextToken?: string } {
  const max = opts.maxResults ?? opts.defaultMax;
  if (!Number.isInteger(max) || max < 1 || max > opts.limit) {
    throw invalidParameter(`${opts.param ?? 'maxResults'} must be between 1 and ${opts.limit}.`);
  }
  const start = decodeToken(opts.nextToken, opts.query);
  const page = items.slice(start, start + max);
  const end = start + page.length;
  return end < items.length ? { page, nextToken: encodeToken(end, opts.query) } : { page };
}

/**
 * Describe* in AWS's shape: what was found, and a `failures` entry with reason MISSING for
 * each reference that was not.
 */
export function describeBatch<T>(
  refs: readonly string[],
  find: (ref: string) => T | undefined,
  describe: (item: T) => JsonObject,
  missingArn: (ref: string) => string,
): { found: JsonObject[]; failures: JsonObject[] } {
  const found: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const ref of refs) {
    const item = find(ref);
    if (item !== undefined) found.push(describe(item));
    else failures.push({ arn: ref.startsWith('arn:') ? ref : missingArn(ref), reason: 'MISSING' });
  }
  return { found, failures };
}
