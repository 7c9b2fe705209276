'use client';

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
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
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded border border-red-300 px-3 py-1 hover:bg-red-100"
      >
        Try again
      </button>
    </div>
  );
}
