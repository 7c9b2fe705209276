import { PlaceLink as Link } from '@/components/targets/place-link';
import type { ActionResult } from '@/lib/actions/result';

/** What came of an action: success with the deployment id, or what went wrong and what to do. */
export function ActionResultMessage({ result }: { result: ActionResult | null }) {
  if (!result) return null;
  if (result.ok) {
    return (
      <p role="status" className="text-sm text-emerald-800">
        {result.message}{' '}
        {result.href ? (
          <Link href={result.href} className="text-sky-700 underline">
            {result.deploymentId ? 'Follow the rollout' : 'Open'}
          </Link>
        ) : null}
      </p>
    );
  }
  return (
    <div role="alert" className="text-sm text-red-800">
      <p>{result.error.message}</p>
      {result.error.hint ? <p className="text-xs text-red-700">{result.error.hint}</p> : null}
    </div>
  );
}
