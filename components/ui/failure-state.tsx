import type { AwsFailure } from '@/lib/aws/errors';

const TITLES: Record<AwsFailure['kind'], string> = {
  'access-denied': 'Access denied',
  throttled: 'AWS is throttling requests',
  'not-found': 'Not found',
  invalid: 'AWS rejected the request',
  unavailable: 'AWS is unavailable',
};

/** An AWS failure drawn as something a person can act on, never a stack trace. */
export function FailureState({ failure }: { failure: AwsFailure }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900"
    >
      <p className="font-semibold">{TITLES[failure.kind]}</p>
      <p className="mt-1">{failure.message}</p>
      {failure.kind === 'access-denied' && failure.action ? (
        <p className="mt-2">
          Add <code className="rounded bg-white px-1 font-mono">{failure.action}</code> to the IAM
          policy of the role or user Berth runs as.
        </p>
      ) : null}
      {failure.requestId ? (
        <p className="mt-2 text-xs text-red-700">AWS request id {failure.requestId}</p>
      ) : null}
    </div>
  );
}

/** Shown above data that is the last known state because AWS did not answer the refresh. */
export function StaleBanner({ failure, fetchedAt }: { failure: AwsFailure; fetchedAt: number }) {
  return (
    <div
      role="status"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      <strong>Stale:</strong> showing the last known state from{' '}
      {new Date(fetchedAt).toISOString().slice(11, 19)} UTC. {failure.message}
    </div>
  );
}
