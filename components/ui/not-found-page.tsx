import { PlaceLink as Link } from '@/components/targets/place-link';

/** What a missing cluster, service or task (or any unknown URL) shows, with a 404. */
export function NotFoundPage() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">
        Nothing by that name in this region: the cluster, service or task may have been deleted, or
        a stopped task may have aged out (ECS keeps stopped tasks for about an hour).
      </p>
      <Link href="/" className="mt-4 inline-block text-sm text-sky-700 hover:underline">
        All clusters
      </Link>
    </div>
  );
}
