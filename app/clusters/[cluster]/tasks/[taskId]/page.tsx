import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ContainersTable } from '@/components/ecs/containers-table';
import { PostMortemPanel } from '@/components/ecs/post-mortem';
import { HealthStatusBadge, LastStatusBadge } from '@/components/ecs/health';
import { clusterHref, Revision, serviceHref } from '@/components/ecs/names';
import { PageTitle } from '@/components/ecs/page-title';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { changeToken } from '@/lib/views/change-token';
import { StaleBanner } from '@/components/ui/failure-state';
import { RelativeTime } from '@/components/ui/relative-time';
import { Section } from '@/components/ui/section';
import { env } from '@/lib/env';
import { orNotFound, pageData } from '@/lib/views/result';
import { getTaskView } from '@/lib/views/task';
import { currentCaller, mayChange } from '@/lib/auth/guard';
import { currentPlace } from '@/lib/targets/place';
import { StopTaskButton } from '@/components/actions/task-actions';
import { PlaceLink as Link } from '@/components/targets/place-link';
import { Suspense } from 'react';
import { serviceLogsHref } from '@/lib/routes';
import { getCluster } from '@/lib/aws/ecs';
import { TaskMetricsPanel } from '@/components/metrics/task-metrics';
import { PanelSkeleton } from '@/components/ui/skeleton';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ cluster: string; taskId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `task ${decodeURIComponent((await params).taskId).slice(0, 12)}` };
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-words">{children ?? '—'}</dd>
    </div>
  );
}

export default async function TaskPage({ params }: Props) {
  const { cluster: rawCluster, taskId: rawTask } = await params;
  const clusterName = decodeURIComponent(rawCluster);
  const taskId = decodeURIComponent(rawTask);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(taskId)) notFound();
  const view = pageData(orNotFound(await getTaskView(clusterName, taskId)));

  const crumbs = [
    { label: 'Clusters', href: '/' },
    { label: clusterName, href: clusterHref(clusterName) },
    { label: `task ${taskId.slice(0, 12)}` },
  ];
  const { task, definition, service, region, postMortem } = view.data;
  const [caller, place, cluster] = await Promise.all([
    currentCaller(),
    currentPlace(),
    // The cluster is read for its Container Insights level (cached with the cluster page's).
    getCluster(clusterName).catch(() => undefined),
  ]);
  const canStop = mayChange(caller, place, clusterName, 'stop-task');
  const insights = cluster?.data?.containerInsights;
  return (
    <>
      <PageTitle crumbs={crumbs} title={`Task ${task.id}`} arn={task.arn}>
        <AutoRefresh
          seconds={env().refreshSeconds}
          fetchedAt={view.fetchedAt}
          token={changeToken(view)}
          watch={new URLSearchParams({
            view: 'task',
            cluster: clusterName,
            task: taskId,
          }).toString()}
        />
      </PageTitle>
      <div className="space-y-4">
        {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
        <Section title="Task" aside={canStop ? <StopTaskButton task={task} /> : undefined}>
          <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-4">
            <Field label="Status">
              <LastStatusBadge status={task.lastStatus} />{' '}
              <span className="text-xs text-slate-500">desired {task.desiredStatus}</span>
            </Field>
            <Field label="Health">
              <HealthStatusBadge status={task.healthStatus} />
            </Field>
            <Field label="Task definition">
              <Revision value={task.taskDefinition} />
            </Field>
            <Field label="Service">
              {task.serviceName ? (
                <Link
                  className="text-sky-700 hover:underline"
                  href={serviceHref(clusterName, task.serviceName)}
                >
                  {task.serviceName}
                </Link>
              ) : (
                (task.group ?? 'standalone')
              )}
            </Field>
            <Field label="Started by">{task.startedBy}</Field>
            <Field label="Launch type">{task.launchType}</Field>
            <Field label="CPU / memory">
              {task.cpu ?? '—'} / {task.memory ?? '—'}
            </Field>
            <Field label="ECS Exec">
              {task.enableExecuteCommand ? 'enabled' : 'disabled'}
              {service && service.enableExecuteCommand !== task.enableExecuteCommand ? (
                <span className="block text-xs text-amber-800">
                  service has it {service.enableExecuteCommand ? 'enabled' : 'disabled'}: redeploy
                  to apply
                </span>
              ) : null}
            </Field>
            <Field label="Created">
              <RelativeTime at={task.createdAt} />
            </Field>
            <Field label="Started">
              <RelativeTime at={task.startedAt} />
            </Field>
            <Field label="Stopped">
              {task.stoppedAt ? <RelativeTime at={task.stoppedAt} /> : null}
            </Field>
            <Field label="Stop code">{task.stopCode}</Field>
            <Field label="Stopped reason">{task.stoppedReason}</Field>
          </dl>
        </Section>
        {postMortem ? (
          <Section title="Post-mortem">
            <PostMortemPanel mortem={postMortem} open />
          </Section>
        ) : null}
        {insights ? (
          <Section title="Metrics" id="metrics">
            {/* As tall as the charts it stands for: nothing moves when they arrive. */}
            <Suspense fallback={<PanelSkeleton label="metrics" height="h-[17rem]" />}>
              <TaskMetricsPanel task={task} insights={insights} />
            </Suspense>
          </Section>
        ) : null}
        <Section title="Network">
          <dl className="grid gap-4 sm:grid-cols-4">
            <Field label="Private IP">{task.privateIp}</Field>
            <Field label="ENI">{task.eniId}</Field>
            <Field label="Subnet">{task.subnetId}</Field>
            <Field label="Availability zone">{task.availabilityZone}</Field>
          </dl>
        </Section>
        {task.serviceName ? (
          <Link
            className="text-sm text-sky-700 hover:underline"
            href={serviceLogsHref(clusterName, task.serviceName, { task: task.id })}
          >
            Logs of this task
          </Link>
        ) : null}
        <Section title="Containers">
          <ContainersTable
            task={task}
            definition={definition}
            serviceExecEnabled={service?.enableExecuteCommand}
            region={region}
            now={view.fetchedAt}
          />
        </Section>
      </div>
    </>
  );
}
