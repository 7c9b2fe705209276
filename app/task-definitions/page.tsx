import { PlaceLink as Link } from '@/components/targets/place-link';
import { PageTitle } from '@/components/ecs/page-title';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { pageData } from '@/lib/views/result';
import { getFamiliesView } from '@/lib/views/task-definitions';
import { familyHref } from '@/lib/routes';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Task definitions' };

export default async function FamiliesPage() {
  const view = pageData(await getFamiliesView());
  return (
    <>
      <PageTitle crumbs={[{ label: 'Task definitions' }]} title="Task definitions">
        <Link
          href="/task-definitions/new"
          className="rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800"
        >
          Register a revision
        </Link>
      </PageTitle>
      {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
      <Section title={`Families (${view.data.length})`}>
        <ul className="grid gap-1 sm:grid-cols-3">
          {view.data.map((family) => (
            <li key={family}>
              <Link href={familyHref(family)} className="text-sky-700 hover:underline">
                {family}
              </Link>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
