import Link from 'next/link';
import { PageTitle } from '@/components/ecs/page-title';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { pageData } from '@/lib/views/result';
import { getRepositoriesView } from '@/lib/views/repositories';
import { Table } from '@/components/ui/table';
import { repositoryHref } from '@/lib/routes';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Repositories' };

export default async function RepositoriesPage() {
  const view = pageData(await getRepositoriesView());
  return (
    <>
      <PageTitle crumbs={[{ label: 'ECR' }]} title="Repositories" />
      {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
      <Section title={`Repositories (${view.data.length})`}>
        <Table className="w-full text-left text-sm" aria-label="Repositories">
          <thead className="text-xs text-slate-500 uppercase">
            <tr>
              <th className="py-1.5 pr-3">Repository</th>
              <th className="py-1.5 pr-3">URI</th>
              <th className="py-1.5 pr-3">Tags</th>
              <th className="py-1.5 pr-3">Scan on push</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {view.data.map((repo) => (
              <tr key={repo.arn}>
                <td className="py-1.5 pr-3">
                  <Link href={repositoryHref(repo.name)} className="text-sky-700 hover:underline">
                    {repo.name}
                  </Link>
                </td>
                <td className="py-1.5 pr-3 font-mono text-xs break-all">{repo.uri}</td>
                <td className="py-1.5 pr-3 text-xs">{repo.tagMutability}</td>
                <td className="py-1.5 pr-3 text-xs">{repo.scanOnPush ? 'on' : 'off'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Section>
    </>
  );
}
