import { RedeployButton } from '@/components/actions/service-actions';
import { PageTitle } from '@/components/ecs/page-title';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { getRepositoryView } from '@/lib/views/repositories';
import { orNotFound, pageData } from '@/lib/views/result';
import { ImagesTable, RepositoryUsesTable } from '@/components/ecr/repository-tables';
import { RunningImageFindings } from '@/components/ecr/scan-findings';
import { PanelSkeleton } from '@/components/ui/skeleton';
import { Suspense } from 'react';
import { Pager } from '@/components/ui/pager';
import { pageOfRows, parsePage } from '@/lib/paging';
import { repositoryHref } from '@/lib/routes';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function RepositoryPage({ params, searchParams }: Props) {
  const [{ name: raw }, search] = await Promise.all([params, searchParams]);
  const name = decodeURIComponent(raw);
  const view = pageData(orNotFound(await getRepositoryView(name)));
  const crumbs = [{ label: 'Repositories', href: '/repositories' }, { label: name }];
  const { repository, images, uses } = view.data;
  // Newest push first, 50 a page: a repository of 1,000 images is 20 pages, not 2.6 MB.
  const shown = pageOfRows(images, parsePage(search.page));
  const targets = uses
    .filter((u) => u.canChange)
    .map((u) => ({
      cluster: u.service.clusterName,
      service: u.service.name,
      container: u.container,
      currentImage: u.image,
      revision: `${u.service.taskDefinition.family}:${u.service.taskDefinition.revision}`,
    }));
  return (
    <>
      <PageTitle crumbs={crumbs} title={name} arn={repository.arn}>
        <span className="font-mono text-xs text-slate-600">{repository.uri}</span>
      </PageTitle>
      {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
      <div className="space-y-4">
        {uses
          .filter((u) => u.drift)
          .map((u) => (
            <div
              key={`${u.service.arn}/${u.container}`}
              role="alert"
              className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
              data-testid="image-drift"
            >
              <strong>Image drift:</strong> {u.service.clusterName}/{u.service.name} runs{' '}
              {u.container} from {u.runningDigests.map((d) => d.slice(0, 19)).join(', ')}, but{' '}
              <code className="font-mono">:{u.tag}</code> now points at{' '}
              {u.drift?.tagDigest.slice(0, 19)}. A redeploy pulls it.
              {u.canChange ? (
                <div className="mt-2">
                  <RedeployButton service={u.service} size="sm" />
                </div>
              ) : null}
            </div>
          ))}
        <Section title="Used by">
          <RepositoryUsesTable uses={uses} />
        </Section>
        <Section title="Scan findings of running images" id="scan-findings">
          <Suspense fallback={<PanelSkeleton label="scan findings" />}>
            <RunningImageFindings repository={name} images={images} uses={uses} />
          </Suspense>
        </Section>
        <Section title={`Images (${images.length})`}>
          <ImagesTable repository={repository} images={shown.rows} uses={uses} targets={targets} />
          <Pager
            label="Images pages"
            testId="images-range"
            page={shown.page}
            pages={shown.pages}
            first={shown.first}
            last={shown.last}
            total={images.length}
            href={(page) =>
              page > 1 ? `${repositoryHref(name)}?page=${page}` : repositoryHref(name)
            }
          />
        </Section>
      </div>
    </>
  );
}
