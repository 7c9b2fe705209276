import { PlaceLink as Link } from '@/components/targets/place-link';
import { notFound } from 'next/navigation';
import { deploy } from '@/components/actions/actions';
import { ConfirmAction } from '@/components/actions/confirm-action';
import { PageTitle } from '@/components/ecs/page-title';
import { StaleBanner } from '@/components/ui/failure-state';
import { DefinitionSummary } from '@/components/task-definitions/definition-summary';
import { Section } from '@/components/ui/section';
import { currentCaller, mayChange } from '@/lib/auth/guard';
import { currentPlace } from '@/lib/targets/place';
import { orNotFound, pageData } from '@/lib/views/result';
import { getRevisionView, maskedRegistrationJson } from '@/lib/views/task-definitions';
import { familyHref, newRevisionHref } from '@/lib/routes';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ family: string; revision: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function RevisionPage({ params, searchParams }: Props) {
  const [{ family: raw, revision: rawRevision }, search] = await Promise.all([
    params,
    searchParams,
  ]);
  const family = decodeURIComponent(raw);
  const revision = Number(rawRevision);
  if (!Number.isInteger(revision) || revision < 1) notFound();
  const view = pageData(orNotFound(await getRevisionView(family, revision)));
  const crumbs = [
    { label: 'Task definitions', href: '/task-definitions' },
    { label: family, href: familyHref(family) },
    { label: String(revision) },
  ];
  const { definition, services } = view.data;
  const asJson = search.view === 'json';
  const [caller, place] = await Promise.all([currentCaller(), currentPlace()]);
  const deployable = services.filter((s) => mayChange(caller, place, s.clusterName, 'deploy'));
  return (
    <>
      <PageTitle crumbs={crumbs} title={`${family}:${revision}`} arn={definition.arn}>
        <nav aria-label="Revision views" className="flex flex-wrap gap-3 text-sm">
          <Link href={newRevisionHref(`${family}:${revision}`)} className="text-sky-700">
            New revision from this one
          </Link>
          <Link
            href="?"
            aria-current={!asJson ? 'page' : undefined}
            className={!asJson ? 'font-semibold' : 'text-sky-700'}
          >
            Summary
          </Link>
          <Link
            href="?view=json"
            aria-current={asJson ? 'page' : undefined}
            className={asJson ? 'font-semibold' : 'text-sky-700'}
          >
            JSON
          </Link>
        </nav>
      </PageTitle>
      {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
      <div className="space-y-4">
        {deployable.length ? (
          <Section title="Deploy this revision">
            <div className="flex flex-wrap gap-3">
              {deployable.map((service) => (
                <ConfirmAction
                  key={service.arn}
                  action={deploy}
                  label={`Deploy to ${service.clusterName}/${service.name}`}
                  values={{
                    cluster: service.clusterName,
                    service: service.name,
                    taskDefinition: definition.arn,
                  }}
                  confirm={
                    <p>
                      Updates {service.name} in {service.clusterName} from{' '}
                      {service.taskDefinition.family}:{service.taskDefinition.revision} to {family}:
                      {revision}; ECS rolls out new tasks and drains the old ones.
                    </p>
                  }
                  confirmLabel="Confirm deploy"
                />
              ))}
            </div>
          </Section>
        ) : null}
        <Section title={asJson ? 'JSON (as register-task-definition takes it)' : 'Summary'}>
          {asJson ? (
            <pre className="max-h-[40rem] overflow-auto rounded bg-slate-50 p-3 font-mono text-xs">
              {maskedRegistrationJson(definition)}
            </pre>
          ) : (
            <DefinitionSummary definition={definition} />
          )}
        </Section>
      </div>
    </>
  );
}
