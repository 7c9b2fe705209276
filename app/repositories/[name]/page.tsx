import Link from 'next/link';
import { deployImage } from '@/components/actions/actions';
import { RedeployButton } from '@/components/actions/service-actions';
import { DeployImageForm } from '@/components/ecr/deploy-image-form';
import { serviceHref } from '@/components/ecs/names';
import { PageTitle } from '@/components/ecs/page-title';
import { StaleBanner } from '@/components/ui/failure-state';
import { Badge } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import { Section } from '@/components/ui/section';
import { getRepositoryView } from '@/lib/views/repositories';
import { orNotFound, pageData } from '@/lib/views/result';
import { Table } from '@/components/ui/table';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ name: string }> };

const size = (bytes?: number) =>
  bytes === undefined ? '—' : `${(bytes / 1_048_576).toFixed(1)} MiB`;

export default async function RepositoryPage({ params }: Props) {
  const name = decodeURIComponent((await params).name);
  const view = pageData(orNotFound(await getRepositoryView(name)));
  const crumbs = [{ label: 'Repositories', href: '/repositories' }, { label: name }];
  const { repository, images, uses } = view.data;
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
          {uses.length === 0 ? (
            <p className="text-sm text-slate-500">No service runs an image from this repository.</p>
          ) : (
            <Table className="w-full text-left text-sm" aria-label="Services using this repository">
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  <th className="py-1.5 pr-3">Service</th>
                  <th className="py-1.5 pr-3">Container</th>
                  <th className="py-1.5 pr-3">Image in the task definition</th>
                  <th className="py-1.5 pr-3">Running digest</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {uses.map((u) => (
                  <tr key={`${u.service.arn}/${u.container}`}>
                    <td className="py-1.5 pr-3">
                      <Link
                        href={serviceHref(u.service.clusterName, u.service.name)}
                        className="text-sky-700 hover:underline"
                      >
                        {u.service.clusterName}/{u.service.name}
                      </Link>
                    </td>
                    <td className="py-1.5 pr-3">{u.container}</td>
                    <td className="py-1.5 pr-3 font-mono text-xs break-all">{u.image}</td>
                    <td className="py-1.5 pr-3 font-mono text-xs">
                      {u.runningDigests.map((d) => d.slice(0, 19)).join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Section>
        <Section title={`Images (${images.length})`}>
          <Table className="w-full text-left text-sm" aria-label="Images">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className="py-1.5 pr-3">Tags</th>
                <th className="py-1.5 pr-3">Digest</th>
                <th className="py-1.5 pr-3">Size</th>
                <th className="py-1.5 pr-3">Pushed</th>
                <th className="py-1.5 pr-3">Last pull</th>
                <th className="py-1.5 pr-3">Running in</th>
                {targets.length ? <th className="py-1.5 pr-3">Deploy</th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {images.map((image) => {
                const runners = uses.filter((u) => u.runningDigests.includes(image.digest));
                const tag = image.tags[0];
                return (
                  <tr key={image.digest} data-testid="image" data-tags={image.tags.join(' ')}>
                    <td className="py-1.5 pr-3">
                      {image.tags.length ? (
                        image.tags.map((t) => <Badge key={t}>{t}</Badge>)
                      ) : (
                        <span className="text-xs text-slate-500">untagged</span>
                      )}
                    </td>
                    <td className="py-1.5 pr-3 font-mono text-xs" title={image.digest}>
                      {image.digest.slice(0, 19)}…
                    </td>
                    <td className="py-1.5 pr-3 text-xs">{size(image.sizeBytes)}</td>
                    <td className="py-1.5 pr-3 text-xs">
                      <RelativeTime at={image.pushedAt} />
                    </td>
                    <td className="py-1.5 pr-3 text-xs">
                      {image.lastPulledAt ? <RelativeTime at={image.lastPulledAt} /> : 'never'}
                    </td>
                    <td className="py-1.5 pr-3 text-xs">
                      {runners.map((u) => `${u.service.name} (${u.container})`).join(', ') || '—'}
                    </td>
                    {targets.length ? (
                      <td className="py-1.5 pr-3">
                        {tag ? (
                          <DeployImageForm
                            action={deployImage}
                            image={`${repository.uri}:${tag}`}
                            targets={targets}
                          />
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </Section>
      </div>
    </>
  );
}
