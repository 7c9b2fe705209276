import { toAwsFailure } from '@/lib/aws/errors';
import { getTaskMetrics, type TaskMetrics } from '@/lib/aws/metrics';
import type { ContainerInsights, Task } from '@/lib/aws/types';
import { UtilizationCharts } from './utilization-charts';

/**
 * One task's CPU and memory over its life, from Container Insights with enhanced observability
 * (the only source of task-level metrics; `AWS/ECS` has services only). Where the cluster does
 * not collect them, it says how to turn them on instead of drawing empty charts.
 */
export async function TaskMetricsPanel({
  task,
  insights,
}: {
  task: Task;
  /** The cluster's Container Insights setting. */
  insights: ContainerInsights;
}) {
  if (insights !== 'enhanced') {
    return (
      <p className="text-sm text-slate-600" data-testid="task-metrics-off">
        Per-task CPU and memory come from Container Insights with enhanced observability, which is{' '}
        {insights === 'enabled' ? 'not on (only the standard level is)' : 'off'} on cluster{' '}
        {task.clusterName}: choose “enhanced” from the cluster page (Container Insights…).
      </p>
    );
  }
  if (task.startedAt === undefined) {
    return <p className="text-sm text-slate-600">The task never started, so it has no metrics.</p>;
  }
  let metrics: TaskMetrics;
  try {
    const read = await getTaskMetrics({
      cluster: task.clusterName,
      family: task.taskDefinition.family,
      id: task.id,
      startedAt: task.startedAt,
      ...(task.stoppedAt === undefined ? {} : { stoppedAt: task.stoppedAt }),
    });
    metrics = read.data;
  } catch (error) {
    return (
      <p className="text-sm text-slate-600">
        Metrics could not be read: {toAwsFailure(error, 'cloudwatch:GetMetricData').message}
      </p>
    );
  }
  const words = task.stoppedAt === undefined ? "the task's life so far" : "the task's life";
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <UtilizationCharts metrics={metrics} words={words} />
    </div>
  );
}
