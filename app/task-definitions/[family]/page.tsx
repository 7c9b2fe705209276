import { PageTitle } from '@/components/ecs/page-title';
import { StaleBanner } from '@/components/ui/failure-state';
import { SideBySide } from '@/components/task-definitions/side-by-side';
import { Section } from '@/components/ui/section';
import { orNotFound, pageData } from '@/lib/views/result';
import { getFamilyView } from '@/lib/views/task-definitions';
import { RevisionsTable } from '@/components/task-definitions/revisions-table';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ family: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const revisionParam = (value: string | string[] | undefined) => {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

function RevisionSelect({
  label,
  name,
  family,
  revisions,
  selected,
}: {
  label: string;
  name: string;
  family: string;
  revisions: { arn: string; revision: number }[];
  selected?: number;
}) {
  return (
    <label>
      {label}{' '}
      <select
        name={name}
        defaultValue={selected}
        className="rounded-md border border-slate-300 px-2 py-1"
      >
        {revisions.map((r) => (
          <option key={r.arn} value={r.revision}>
            {family}:{r.revision}
          </option>
        ))}
      </select>
    </label>
  );
}

export default async function FamilyPage({ params, searchParams }: Props) {
  const [{ family: raw }, search] = await Promise.all([params, searchParams]);
  const family = decodeURIComponent(raw);
  const a = revisionParam(search.a);
  const b = revisionParam(search.b);
  const view = pageData(orNotFound(await getFamilyView(family, a && b ? [a, b] : undefined)));
  const crumbs = [{ label: 'Task definitions', href: '/task-definitions' }, { label: family }];
  const { revisions, compare } = view.data;
  return (
    <>
      <PageTitle crumbs={crumbs} title={family} />
      {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
      <div className="space-y-4">
        <Section title={`Revisions (${revisions.length})`}>
          <RevisionsTable family={family} revisions={revisions} />
        </Section>
        <Section title="Compare two revisions" id="compare">
          <form className="mb-3 flex flex-wrap items-center gap-2 text-sm" action="" method="get">
            <RevisionSelect
              label="From"
              name="a"
              family={family}
              revisions={revisions}
              selected={a ?? revisions[1]?.revision}
            />
            <RevisionSelect
              label="to"
              name="b"
              family={family}
              revisions={revisions}
              selected={b ?? revisions[0]?.revision}
            />
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100"
            >
              Compare
            </button>
          </form>
          {compare ? (
            <SideBySide
              rows={compare.rows}
              left={`${family}:${compare.a.revision}`}
              right={`${family}:${compare.b.revision}`}
            />
          ) : (
            <p className="text-sm text-slate-500">Choose two revisions.</p>
          )}
        </Section>
      </div>
    </>
  );
}
