import Link from 'next/link';
import { listServiceDeployments } from '@/lib/aws/deployments';
import { toAwsFailure } from '@/lib/aws/errors';
import {
  getServiceMetrics,
  METRIC_RANGES,
  summarize,
  type MetricRange,
  type ServiceMetrics,
} from '@/lib/aws/metrics';
import type { ServiceDeploymentRecord } from '@/lib/aws/types';
import { serviceHref } from '@/lib/routes';
import { deploymentMarkers } from '@/lib/ecs/deployment-markers';
import { MetricChart } from './metric-chart';

function RangeLinks({
  cluster,
  service,
  range,
}: {
  cluster: string;
  service: string;
  range: MetricRange;
}) {
  return (
    <nav aria-label="Metrics range" className="flex gap-1 text-xs">
      {(Object.keys(METRIC_RANGES) as MetricRange[]).map((option) => (
        <Link
          key={option}
          href={`${serviceHref(cluster, service)}?range=${option}#metrics`}
          scroll={false}
          aria-current={option === range ? 'page' : undefined}
          className={`rounded px-2 py-0.5 ${option === range ? 'bg-sky-700 text-white' : 'text-sky-700 hover:bg-slate-100'}`}
        >
          {option}
        </Link>
      ))}
    </nav>
  );
}

/**
 * The service's CPU, memory and task counts over the chosen range, with every deployment that
 * started or ended in it marked on each chart.
 */
export async function ServiceMetricsPanel({
  cluster,
  service,
  range,
  insights,
}: {
  cluster: string;
  service: string;
  range: MetricRange;
  /** The cluster's Container Insights setting: task counts need it. */
  insights: string;
}) {
  let metrics: ServiceMetrics;
  let history: ServiceDeploymentRecord[];
  try {
    const [read, deployments] = await Promise.all([
      getServiceMetrics(cluster, service, range),
      // Markers are a nicety: without the history the charts still draw.
      listServiceDeployments(cluster, service).catch(() => undefined),
    ]);
    metrics = read.data;
    history = deployments?.data ?? [];
  } catch (error) {
    return (
      <div className="space-y-2">
        <RangeLinks cluster={cluster} service={service} range={range} />
        <p className="text-sm text-slate-600">
          Metrics could not be read: {toAwsFailure(error, 'cloudwatch:GetMetricData').message}
        </p>
      </div>
    );
  }
  const markers = deploymentMarkers(history, metrics.from);
  const span: [number, number] = [metrics.from, metrics.to];
  const words = METRIC_RANGES[range].words;
  return (
    <div className="space-y-3">
      <RangeLinks cluster={cluster} service={service} range={range} />
      <div className="grid gap-4 lg:grid-cols-3">
        <MetricChart
          title="CPU utilization"
          summary={summarize('CPU', metrics.cpu, range)}
          times={metrics.times}
          span={span}
          lines={metrics.cpu}
          markers={markers}
          unit=" %"
          max={100}
        />
        <MetricChart
          title="Memory utilization"
          summary={summarize('Memory', metrics.memory, range)}
          times={metrics.times}
          span={span}
          lines={metrics.memory}
          markers={markers}
          unit=" %"
          max={100}
        />
        {metrics.tasks.length ? (
          <MetricChart
            title="Tasks"
            summary={`Running, desired and pending tasks in ${words} (Container Insights).`}
            times={metrics.times}
            span={span}
            lines={metrics.tasks}
            markers={markers}
            unit=""
          />
        ) : (
          <p className="text-sm text-slate-600">
            Task counts over time come from Container Insights, which is {insights} on cluster{' '}
            {cluster}: turn it on from the cluster page (Container Insights…).
          </p>
        )}
      </div>
      {markers.length ? (
        <ul
          className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600"
          aria-label="Deployments on the charts"
        >
          {markers.map((marker) => (
            <li key={`${marker.kind}-${marker.at}`} data-testid="deployment-marker">
              {marker.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
