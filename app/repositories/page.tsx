import { PageTitle } from '@/components/ecs/page-title';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { pageData } from '@/lib/views/result';
import { getRepositoriesView } from '@/lib/views/repositories';
import { RepositoriesTable } from '@/components/ecr/repository-tables';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Repositories' };

export default async function RepositoriesPage() {
  const view = pageData(await getRepositoriesView());
  return (
    <>
      <PageTitle crumbs={[{ label: 'ECR' }]} title="Repositories" />
      {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
      <Section title={`Repositories (${view.data.length})`}>
        <RepositoriesTable repositories={view.data} />
      </Section>
    </>
  );
}
