import 'server-only';
import { notFound } from 'next/navigation';
import { AwsCallError, toAwsFailure, type AwsFailure } from '../aws/errors';
import type { Fetched } from '../aws/read-cache';
import { FailurePageError } from './failure-digest';

/** What a page renders: its data with freshness, or a failure it draws as a state. */
export type View<T> =
  { ok: true; data: T; fetchedAt: number; stale?: AwsFailure } | { ok: false; failure: AwsFailure };

/** The oldest fetch time and the first staleness among the reads a view is built from. */
export function freshness(...reads: Fetched<unknown>[]): { fetchedAt: number; stale?: AwsFailure } {
  const fetchedAt = Math.min(...reads.map((r) => r.fetchedAt));
  const stale = reads.find((r) => r.stale)?.stale;
  return stale ? { fetchedAt, stale } : { fetchedAt };
}

/**
 * A read whose cache key changes whenever its answer can (serviceStateHistory, keyed by the
 * deployments it describes): it is as current as the reads that named it, so it may be kept
 * long. Its staleness still counts toward a view's freshness; its age does not.
 */
export const ageless = <T>(read: Fetched<T>): Fetched<T> => ({
  ...read,
  fetchedAt: Number.POSITIVE_INFINITY,
});

/** Runs a view loader, turning AWS failures into a View the page can draw. */
export async function settle<T>(
  action: string,
  load: () => Promise<{ data: T; fetchedAt: number; stale?: AwsFailure }>,
): Promise<View<T>> {
  try {
    return { ok: true, ...(await load()) };
  } catch (error) {
    if (error instanceof AwsCallError) return { ok: false, failure: error.failure };
    return { ok: false, failure: toAwsFailure(error, action) };
  }
}

/**
 * For pages with an id in the URL: a missing resource (null data, or AWS's not-found) renders
 * the route's not-found page with a 404; anything else is returned for the page to draw.
 */
export function orNotFound<T>(view: View<T | null>): View<T> {
  if (!view.ok) {
    if (view.failure.kind === 'not-found') notFound();
    return view;
  }
  if (view.data === null) notFound();
  return { ...view, data: view.data };
}

/**
 * What a page draws. A failure (no data at all, not even stale) throws to the segment's error
 * page, which shows it and answers 500, not a 200 that says "access denied".
 */
export function pageData<T>(view: View<T>): Extract<View<T>, { ok: true }> {
  if (!view.ok) throw new FailurePageError(view.failure);
  return view;
}
