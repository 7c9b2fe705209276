import { AutoScalingPanel } from '@/components/ecs/auto-scaling';
import { TargetHealthPanel } from '@/components/ecs/target-health';
import { AlarmsPanel, FiringAlarms } from '@/components/ecs/alarms';
import { firing } from '@/lib/aws/alarms';
import { ServiceMetricsPanel } from '@/components/metrics/service-metrics';
import { balancerDimensions, isMetricRange } from '@/lib/aws/metrics';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DeploymentsList } from '@/components/ecs/deployments';
import { DriftWarnings } from '@/components/ecs/drift-warnings';
import { EventsList } from '@/components/ecs/events';
import { ServiceStateLine } from '@/components/ecs/service-state';
import { InsightsBadge } from '@/components/ecs/insights';
import { Revision } from '@/components/ecs/names';
import { ServiceConnectPanel } from '@/components/ecs/service-connect';
import { StoppedTasks, TasksList } from '@/components/ecs/tasks-list';
import { ImageDriftAlerts, PostMortems, WhyItFailed } from '@/components/ecs/service-diagnostics';
import { PanelSkeleton } from '@/components/ui/skeleton';
import { XrayPanel } from '@/components/ecs/xray';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { changeToken, METRICS_REDRAW_MS } from '@/lib/views/change-token';
import { StaleBanner } from '@/components/ui/failure-state';
import { Section } from '@/components/ui/section';
import { env } from '@/lib/env';
import { orNotFound, pageData } from '@/lib/views/result';
import { getServiceView } from '@/lib/views/service';
import { ApplyExecButton } from '@/components/actions/exec-actions';
import { ServiceActions } from '@/components/actions/service-actions';
import { redirect } from 'next/navigation';
import { serviceHistoryHref } from '@/lib/routes';

export const dynamic = 'force-dynamic';

/** States whose cause a crashed task explains: its post-mortem is shown at the top. */
const TROUBLED = new Set(['failed', 'crash-looping', 'rolling-back', 'degraded']);

type Props = {
  params: Promise<{ cluster: string; service: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { cluster, service } = await params;
  return { title: `${decodeURIComponent(service)} · ${decodeURIComponent(cluster)}` };
}

export default async function ServicePage({ params, searchParams }: Props) {
  const [{ cluster: rawCluster, service: rawService }, search] = await Promise.all([
    params,
    searchParams,
  ]);
  const clusterName = decodeURIComponent(rawCluster);
  const serviceName = decodeURIComponent(rawService);
  // History was ?tab=history before it became a route: old links still land there.
  if (search.tab === 'history') redirect(serviceHistoryHref(clusterName, serviceName));
  const view = pageData(orNotFound(await getServiceView(clusterName, serviceName)));

  const {
    cluster,
    service,
    state,
    drift,
    tasks,
    stoppedTasks,
    definitions,
    region,
    canChange,
    noChangesReason,
    inProgressDeploymentArn,
    serviceConnectNamespace,
    scaling,
    targets,
    alarms,
  } = view.data;
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  // The load balancer's charts follow the service's first target group.
  const firstGroup = targets.ok ? targets.groups[0] : undefined;
  const firstBalancer = firstGroup?.loadBalancers[0];
  const balancer =
    firstGroup && firstBalancer ? balancerDimensions(firstBalancer.arn, firstGroup.arn) : undefined;
  const primaryDefinition = primary ? definitions[primary.taskDefinition.arn] : undefined;
  // Health explanations are judged at the moment the data was read.
  const now = view.fetchedAt;
  const rolling = service.deployments.some((d) => d.rolloutState === 'IN_PROGRESS');
  return (
    <>
      {/* While a rollout runs the page follows it every second. */}
      <div className="-mt-2 mb-2 flex justify-end">
        <AutoRefresh
          seconds={rolling ? 1 : env().refreshSeconds}
          fetchedAt={view.fetchedAt}
          token={changeToken(view, METRICS_REDRAW_MS)}
          watch={new URLSearchParams({
            view: 'service',
            cluster: clusterName,
            service: serviceName,
          }).toString()}
        />
      </div>
      <div className="space-y-4">
        {view.stale ? <StaleBanner failure={view.stale} fetchedAt={view.fetchedAt} /> : null}
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <ServiceStateLine state={state} />
          {alarms.ok ? <FiringAlarms alarms={firing(alarms.alarms)} /> : null}
          <span className="tabular-nums text-slate-600">
            {service.running} running / {service.desired} desired / {service.pending} pending
          </span>
          <Revision value={service.taskDefinition} />
          <span className="text-slate-600">{service.launchType}</span>
          <span className="text-slate-600">
            ECS Exec {service.enableExecuteCommand ? 'enabled' : 'disabled'}
          </span>
          {service.circuitBreaker?.enable ? (
            <span className="text-slate-600">
              circuit breaker{service.circuitBreaker.rollback ? ' with rollback' : ''}
            </span>
          ) : null}
        </div>
        {canChange ? (
          <ServiceActions
            service={service}
            inProgressDeploymentArn={inProgressDeploymentArn}
            maxDesiredCount={env().maxDesiredCount}
            {...(scaling.ok && scaling.scaling
              ? { scalingRange: { min: scaling.scaling.min, max: scaling.scaling.max } }
              : {})}
          />
        ) : noChangesReason ? (
          <p className="text-xs text-slate-600" data-testid="no-actions">
            No actions here: {noChangesReason}
          </p>
        ) : null}
        {TROUBLED.has(state.state) ? (
          <Suspense fallback={<PanelSkeleton label="why it failed" />}>
            <WhyItFailed cluster={clusterName} service={serviceName} />
          </Suspense>
        ) : null}
        <Suspense fallback={null}>
          <ImageDriftAlerts service={service} canChange={canChange} />
        </Suspense>
        <DriftWarnings
          drift={drift}
          action={canChange ? <ApplyExecButton service={service} /> : undefined}
        />
        <Section title="Deployments" id="deployments">
          <DeploymentsList deployments={service.deployments} />
        </Section>
        <Section title={`Tasks (${tasks.length})`} id="tasks">
          <TasksList
            tasks={tasks}
            definitions={definitions}
            serviceExecEnabled={service.enableExecuteCommand}
            region={region}
            now={now}
            canChange={canChange}
          />
        </Section>
        <div className="grid gap-4 md:grid-cols-3">
          <Section title="X-Ray" id="xray">
            <XrayPanel definition={primaryDefinition} tasks={tasks} />
          </Section>
          <Section title="Service Connect" id="service-connect">
            <ServiceConnectPanel
              config={service.serviceConnect}
              namespace={serviceConnectNamespace}
              tasks={tasks}
            />
          </Section>
          <Section title="Container Insights" id="container-insights">
            <div className="space-y-2 text-sm">
              <InsightsBadge value={cluster.containerInsights} />
              <p className="text-slate-600">
                {cluster.containerInsights === 'disabled'
                  ? `Cluster ${cluster.name} does not collect Container Insights metrics.`
                  : `Cluster ${cluster.name} collects ${cluster.containerInsights === 'enhanced' ? 'enhanced ' : ''}Container Insights metrics for this service and its tasks.`}
              </p>
            </div>
          </Section>
        </div>
        <Section title="Metrics" id="metrics">
          {/* As tall as the charts it stands for: nothing moves when they arrive. */}
          <Suspense fallback={<PanelSkeleton label="metrics" height="h-[17rem]" />}>
            <ServiceMetricsPanel
              cluster={clusterName}
              service={serviceName}
              range={isMetricRange(search.range) ? search.range : '1h'}
              insights={cluster.containerInsights}
              {...(balancer ? { balancer } : {})}
            />
          </Suspense>
        </Section>
        <Section title="Load balancer targets" id="targets">
          <TargetHealthPanel
            read={targets}
            tasks={[...tasks, ...stoppedTasks]}
            cluster={clusterName}
          />
        </Section>
        <Section title="Alarms" id="alarms">
          <AlarmsPanel read={alarms} />
        </Section>
        <Section title="Auto scaling" id="auto-scaling">
          <AutoScalingPanel read={scaling} />
        </Section>
        <Section title="Events" id="events">
          <EventsList events={service.events} />
        </Section>
        <Section title="Recently stopped tasks" id="stopped">
          <StoppedTasks tasks={stoppedTasks} />
          <Suspense fallback={<PanelSkeleton label="post-mortems" />}>
            <PostMortems cluster={clusterName} service={serviceName} />
          </Suspense>
        </Section>
      </div>
    </>
  );
}
