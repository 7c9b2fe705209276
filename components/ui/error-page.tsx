'use client';

import { FailureState } from '@/components/ui/failure-state';
import { failureFromDigest } from '@/lib/views/failure-digest';

/** A page that could not read AWS draws the failure; anything else is a bug with a digest. */
export function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const failure = failureFromDigest(error.digest);
  const retry = (
    <button
      type="button"
      onClick={reset}
      className="mt-4 rounded border border-red-300 px-3 py-1 text-sm text-red-900 hover:bg-red-100"
    >
      Try again
    </button>
  );
  if (failure) {
    return (
      <div>
        <FailureState failure={failure} />
        {retry}
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900"
    >
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="mt-2">
        Berth could not render this page. The server log has the details
        {error.digest ? ` (digest ${error.digest})` : ''}.
      </p>
      {retry}
    </div>
  );
}
