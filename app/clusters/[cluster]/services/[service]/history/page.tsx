import { RollbackForm } from '@/components/actions/rollback-form';
import { AuditTrail, DeploymentHistory } from '@/components/ecs/history';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { changeToken } from '@/lib/views/change-token';
import { FailureState, StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { env } from '@/lib/env';
import { AuditLimit } from '@/components/audit/audit-limit';
import { getHistoryView } from '@/lib/views/history';
import { orNotFound, pageData } from '@/lib/views/result';
import { rollback } from '@/components/actions/actions';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ cluster: string; service: string }> };

export async function generateMetadata({ params }: Props) {
  return { title: `history · ${decodeURIComponent((await params).service)}` };
}

/** A service's History: ECS deployments, Berth's audit trail, roll back. */
export default async function HistoryPage({ params }: Props) {
  const { cluster: rawCluster, service: rawService } = await params;
  const cluster = decodeURIComponent(rawCluster);
  const name = decodeURIComponent(rawService);
  const view = pageData(orNotFound(await getHistoryView(cluster, name)));
  const {
    service,
    deployments,
    deploymentsUnavailable,
    audit,
    auditPartial,
    auditUnavailable,
    rollbackOptions,
    canChange,
  } = view.data;
  return (
    <>
      <div className="-mt-2 mb-2 flex justify-end">
        <AutoRefresh
          seconds={env().refreshSeconds}
          fetchedAt={view.fetchedAt}
          token={changeToken(view)}
          watch={new URLSearchParams({ view: 'history', cluster, service: name }).toString()}
        />
      </div>
      <div className="space-y-4">
        {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
        {canChange ? (
          <Section title="Roll back" id="rollback">
            <RollbackForm
              action={rollback}
              cluster={cluster}
              service={service.name}
              current={`${service.taskDefinition.family}:${service.taskDefinition.revision}`}
              candidates={rollbackOptions}
            />
          </Section>
        ) : null}
        <Section title="Deployments" id="deployment-history">
          {deploymentsUnavailable ? (
            <FailureState failure={deploymentsUnavailable} />
          ) : (
            <DeploymentHistory entries={deployments} />
          )}
        </Section>
        <Section title="Actions from Berth" id="audit">
          {auditUnavailable ? (
            <FailureState failure={auditUnavailable} />
          ) : (
            <>
              <AuditTrail entries={audit} partial={auditPartial} />
              <AuditLimit
                count={audit.length}
                partial={auditPartial}
                rest={`Every action is in the log group ${env().auditLogGroup}.`}
              />
            </>
          )}
        </Section>
      </div>
    </>
  );
}
