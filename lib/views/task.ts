import 'server-only';
import { env } from '../env';
import { getService, getTask, getTaskDefinition } from '../aws/ecs';
import type { Service, Task, TaskDefinition } from '../aws/types';
import { freshness, settle, type View } from './result';

export interface TaskView {
  task: Task;
  definition: TaskDefinition;
  service?: Service;
  region?: string;
}

/** The task page: DescribeTasks, its task definition (cached), and its service when it has one. */
export function getTaskView(clusterName: string, taskId: string): Promise<View<TaskView | null>> {
  return settle('ecs:DescribeTasks', async () => {
    const task = await getTask(clusterName, taskId);
    if (!task.data) return { data: null, ...freshness(task) };
    const [definition, service] = await Promise.all([
      getTaskDefinition(task.data.taskDefinition.arn),
      task.data.serviceName ? getService(clusterName, task.data.serviceName) : undefined,
    ]);
    return {
      data: {
        task: task.data,
        definition,
        service: service?.data ?? undefined,
        region: env().region,
      },
      ...freshness(task, ...(service ? [service] : [])),
    };
  });
}
