import { PlaceLink as Link } from '@/components/targets/place-link';
import { listServiceDeployments } from '@/lib/aws/deployments';
import { toAwsFailure } from '@/lib/aws/errors';
import {
  getServiceMetrics,
  METRIC_RANGES,
  type BalancerDimensions,
  type MetricRange,
  type ServiceMetrics,
} from '@/lib/aws/metrics';
import type { ServiceDeploymentRecord } from '@/lib/aws/types';
import { serviceHref } from '@/lib/routes';
import { deploymentMarkers } from '@/lib/ecs/deployment-markers';
import { MetricChart } from './metric-chart';
import { UtilizationCharts } from './utilization-charts';

const total = (values: (number | null)[]) =>
  values.reduce<number>((sum, value) => sum + (value ?? 0), 0);

/** "1,234 requests, 12 answered 5xx by the targets, in the last hour." */
function requestSummary(metrics: ServiceMetrics, words: string): string {
  const requests = total(metrics.requests.find((l) => l.id === 'requests')?.values ?? []);
  const errors = total(metrics.requests.find((l) => l.id === 'errors')?.values ?? []);
  return `${requests.toLocaleString('en-US')} requests, ${errors.toLocaleString('en-US')} answered 5xx by the targets, in ${words}.`;
}

function latencySummary(metrics: ServiceMetrics, words: string): string {
  const values = (metrics.latency[0]?.values ?? []).filter((v): v is number => v !== null);
  if (!values.length) return `Response time: no datapoints in ${words}.`;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `Response time avg ${Math.round(mean * 1000)} ms, max ${Math.round(Math.max(...values) * 1000)} ms in ${words}.`;
}

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
  balancer,
}: {
  cluster: string;
  service: string;
  range: MetricRange;
  /** The service's (first) target group, for the load balancer's charts. */
  balancer?: BalancerDimensions;
  /** The cluster's Container Insights setting: task counts need it. */
  insights: string;
}) {
  let metrics: ServiceMetrics;
  let history: ServiceDeploymentRecord[];
  try {
    const [read, deployments] = await Promise.all([
      getServiceMetrics(cluster, service, range, undefined, balancer),
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
        <UtilizationCharts metrics={metrics} words={words} markers={markers} />
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
      {metrics.requests.length ? (
        <div className="grid gap-4 lg:grid-cols-3">
          <MetricChart
            title="Requests (load balancer)"
            summary={requestSummary(metrics, words)}
            times={metrics.times}
            span={span}
            lines={metrics.requests}
            markers={markers}
            unit=""
          />
          <MetricChart
            title="Response time"
            summary={latencySummary(metrics, words)}
            times={metrics.times}
            span={span}
            lines={metrics.latency}
            markers={markers}
            unit=" s"
          />
        </div>
      ) : null}
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
