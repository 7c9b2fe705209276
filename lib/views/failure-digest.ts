/**
 * An AWS failure carried to the error page through the error's digest. Next.js keeps a thrown
 * error's own digest and hands it to error.tsx in production, where messages are hidden; the
 * page answers 500 instead of a 200 that says "access denied". Client-safe: no server imports.
 */
import { z } from 'zod';
import type { AwsFailure } from '../aws/errors';

const PREFIX = 'BERTH_AWS_FAILURE;';

const Failure = z.strictObject({
  kind: z.enum(['access-denied', 'throttled', 'not-found', 'invalid', 'unavailable']),
  message: z.string().max(2000),
  action: z.string().max(200).optional(),
  requestId: z.string().max(200).optional(),
});

export function failureDigest(failure: AwsFailure): string {
  const { kind, message, action, requestId } = failure;
  return `${PREFIX}${encodeURIComponent(JSON.stringify({ kind, message, action, requestId }))}`;
}

export function failureFromDigest(digest: string | undefined): AwsFailure | undefined {
  if (!digest?.startsWith(PREFIX)) return undefined;
  try {
    const parsed = Failure.safeParse(JSON.parse(decodeURIComponent(digest.slice(PREFIX.length))));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Thrown by a page whose data could not be read: the segment's error page draws the failure. */
export class FailurePageError extends Error {
  readonly digest: string;
  constructor(failure: AwsFailure) {
    super(failure.message);
    this.name = 'FailurePageError';
    this.digest = failureDigest(failure);
  }
}
