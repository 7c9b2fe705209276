import { AuditTable } from '@/components/audit/audit-table';
import { PageTitle } from '@/components/ecs/page-title';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { AuditLimit } from '@/components/audit/audit-limit';
import { BERTH_ACTIONS } from '@/lib/auth/policy';
import { env } from '@/lib/env';
import { type AuditQuery, parseAuditQuery } from '@/lib/schemas/audit-query';
import { pageData } from '@/lib/views/result';
import { getAuditView } from '@/lib/views/audit';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Audit' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FIELD = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900';

/**
 * How to see the actions a list that stops short leaves out: the filters not yet set, or, with
 * every filter set, where the whole trail is.
 */
function howToSeeOlder(query: AuditQuery): string {
  const unset = (
    [
      ['person', query.who],
      ['cluster', query.cluster],
      ['action', query.action],
    ] as const
  )
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (!unset.length) return `Every action is in the log group ${env().auditLogGroup}.`;
  const last = unset.pop();
  const names = unset.length ? `${unset.join(', ')} or ${last}` : last;
  return `Narrow by ${names} to see older ones.`;
}

/** Every action taken from Berth in the last week, across clusters, by person, cluster, action. */
export default async function AuditPage({ searchParams }: Props) {
  const parsed = parseAuditQuery(await searchParams);
  const query = parsed.ok ? parsed.query : {};
  const view = parsed.ok ? pageData(await getAuditView(parsed.query)) : undefined;
  return (
    <>
      <PageTitle crumbs={[{ label: 'Berth' }]} title="Audit" />
      <Section title="Actions in the last 7 days">
        <form method="get" className="mb-3 flex flex-wrap items-end gap-3 text-sm">
          <label className="text-xs text-slate-600">
            Person
            <input name="who" defaultValue={query.who} className={`${FIELD} ml-1`} />
          </label>
          <label className="text-xs text-slate-600">
            Cluster
            <input name="cluster" defaultValue={query.cluster} className={`${FIELD} ml-1`} />
          </label>
          <label className="text-xs text-slate-600">
            Action
            <select name="action" defaultValue={query.action ?? ''} className={`${FIELD} ml-1`}>
              <option value="">any</option>
              {BERTH_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={`${FIELD} font-medium hover:bg-slate-100`}>
            Filter
          </button>
        </form>
        {!parsed.ok ? (
          <p role="alert" className="text-sm text-red-800">
            {parsed.message}
          </p>
        ) : view ? (
          <>
            {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
            <AuditTable entries={view.data.entries} partial={view.data.partial} />
            <AuditLimit
              count={view.data.entries.length}
              partial={view.data.partial}
              rest={howToSeeOlder(query)}
            />
          </>
        ) : null}
      </Section>
    </>
  );
}
