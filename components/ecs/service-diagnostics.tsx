import { cache } from 'react';
import type { Service } from '@/lib/aws/types';
import { getServiceDiagnosticsView } from '@/lib/views/service';
import { RedeployButton } from '../actions/service-actions';
import { FailureState } from '../ui/failure-state';
import { PostMortemPanel } from './post-mortem';

/**
 * The service page's slower panels (post-mortems read logs, image drift reads ECR), each
 * streamed in its own Suspense boundary so the rest of the page does not wait for them.
 * One read per request, shared by the three panels.
 */
const diagnostics = cache(getServiceDiagnosticsView);

/** At the top of a troubled service: the latest crashed task and its last log lines. */
export async function WhyItFailed({ cluster, service }: { cluster: string; service: string }) {
  const view = await diagnostics(cluster, service);
  const mortem = view.ok ? view.data?.postMortems[0] : undefined;
  if (!mortem?.lastWords) return null;
  return (
    <section aria-label="Why it failed" className="space-y-1">
      <h2 className="text-sm font-semibold">Why: the latest task that crashed</h2>
      <PostMortemPanel mortem={mortem} open />
    </section>
  );
}

/** A tag re-pushed since the tasks started: what they run, what it points at now. */
export async function ImageDriftAlerts({
  service,
  canChange,
}: {
  service: Service;
  canChange: boolean;
}) {
  const view = await diagnostics(service.clusterName, service.name);
  if (!view.ok || !view.data) return null;
  return view.data.imageDrift.map((d) => (
    <div
      key={d.container}
      role="alert"
      data-testid="drift-image"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      <strong>Image drift: </strong>
      {d.container} runs {d.runningDigests.map((x) => x.slice(0, 19)).join(', ')}, but{' '}
      <span className="font-mono break-all">{d.image}</span> now points at{' '}
      <span className="font-mono">{d.tagDigest.slice(0, 19)}</span>: a redeploy pulls it.
      {canChange ? (
        <div className="mt-2">
          <RedeployButton service={service} size="sm" />
        </div>
      ) : null}
    </div>
  ));
}

/** Under the stopped tasks: why each recent one stopped. */
export async function PostMortems({ cluster, service }: { cluster: string; service: string }) {
  const view = await diagnostics(cluster, service);
  if (!view.ok) return <FailureState failure={view.failure} />;
  const mortems = view.data?.postMortems ?? [];
  if (mortems.length === 0) return null;
  return (
    <div className="mt-3 space-y-2">
      <h3 className="text-xs text-slate-500 uppercase">Post-mortems</h3>
      {mortems.map((mortem) => (
        <PostMortemPanel key={mortem.task.arn} mortem={mortem} />
      ))}
    </div>
  );
}
