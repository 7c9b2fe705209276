import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { LogViewer } from '@/components/logs/log-viewer';
import { FailurePageError } from '@/lib/views/failure-digest';
import { Section } from '@/components/ui/section';
import { AwsCallError, toAwsFailure } from '@/lib/aws/errors';
import { FailureState } from '@/components/ui/failure-state';
import { tailableContainers } from '@/lib/views/log-tail';
import { serviceLogGroups } from '@/lib/views/log-groups';
import { DEFAULT_INSIGHTS_QUERY } from '@/lib/actions/logs-query';
import { InsightsQuery } from '@/components/logs/insights-query';
import { LogGroups } from '@/components/logs/log-groups';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ cluster: string; service: string }> };

export async function generateMetadata({ params }: Props) {
  return { title: `logs · ${decodeURIComponent((await params).service)}` };
}

export default async function LogsPage({ params }: Props) {
  const { cluster: rawCluster, service: rawService } = await params;
  const cluster = decodeURIComponent(rawCluster);
  const service = decodeURIComponent(rawService);
  let containers;
  try {
    containers = await tailableContainers(cluster, service);
  } catch (error) {
    if (error instanceof AwsCallError && error.failure.kind !== 'not-found') {
      throw new FailurePageError(error.failure);
    }
    notFound();
  }
  if (!containers) notFound();
  // A refused or failed DescribeLogGroups costs this section, not the live tail above it.
  const groups = await serviceLogGroups(containers).catch((error: unknown) =>
    toAwsFailure(error, 'logs:DescribeLogGroups'),
  );
  return (
    <>
      <Section title="Live tail">
        {containers.length === 0 ? (
          <p className="text-sm text-slate-500">
            No container of this service logs with the awslogs driver, so there is nothing in
            CloudWatch Logs to tail.
          </p>
        ) : (
          <Suspense>
            <LogViewer
              cluster={cluster}
              service={service}
              containers={containers.map((c) => c.name)}
            />
          </Suspense>
        )}
      </Section>
      {containers.length ? (
        <>
          <Section title="Logs Insights" id="insights">
            <InsightsQuery
              cluster={cluster}
              service={service}
              defaultQuery={DEFAULT_INSIGHTS_QUERY}
            />
          </Section>
          <Section title="Log groups" id="log-groups">
            {Array.isArray(groups) ? (
              <LogGroups groups={groups} />
            ) : (
              <FailureState failure={groups} />
            )}
          </Section>
        </>
      ) : null}
    </>
  );
}
