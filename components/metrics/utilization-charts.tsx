import { summarize, type Utilization } from '@/lib/aws/metrics';
import type { ChartMarker } from '@/lib/ecs/deployment-markers';
import { MetricChart } from './metric-chart';

/**
 * The CPU and memory utilization charts (percent, average and maximum), a service's or a
 * task's: `words` name the span in the summaries ("the last hour", "the task's life").
 */
export function UtilizationCharts({
  metrics,
  words,
  markers = [],
}: {
  metrics: Utilization;
  words: string;
  markers?: ChartMarker[];
}) {
  const span: [number, number] = [metrics.from, metrics.to];
  return (
    <>
      {(['CPU', 'Memory'] as const).map((what) => {
        const lines = what === 'CPU' ? metrics.cpu : metrics.memory;
        return (
          <MetricChart
            key={what}
            title={`${what} utilization`}
            summary={summarize(what, lines, words)}
            times={metrics.times}
            span={span}
            lines={lines}
            markers={markers}
            unit=" %"
            max={100}
          />
        );
      })}
    </>
  );
}
