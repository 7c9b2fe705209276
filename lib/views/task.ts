import 'server-only';
import { env } from '../env';
import { getService, getTask, getTaskDefinition } from '../aws/ecs';
import type { Service, Task, TaskDefinition } from '../aws/types';
import { postMortem, type PostMortem } from './post-mortem';
import { freshness, settle, type View } from './result';

export interface TaskView {
  task: Task;
  definition: TaskDefinition;
  service?: Service;
  region?: string;
  /** For a stopped task: why, with the failed container's last log lines. */
  postMortem?: PostMortem;
}

/** The task page: DescribeTasks, its task definition (cached), and its service when it has one. */
export function getTaskView(clusterName: string, taskId: string): Promise<View<TaskView | null>> {
  return settle('ecs:DescribeTasks', async () => {
    const task = await getTask(clusterName, taskId);
    if (!task.data) return { data: null, ...freshness(task) };
    const [definition, service, mortem] = await Promise.all([
      getTaskDefinition(task.data.taskDefinition.arn),
      task.data.serviceName ? getService(clusterName, task.data.serviceName) : undefined,
      task.data.lastStatus === 'STOPPED' ? postMortem(task.data) : undefined,
    ]);
    return {
      data: {
        task: task.data,
        definition,
        service: service?.data ?? undefined,
        region: env().region,
        ...(mortem ? { postMortem: mortem } : {}),
      },
      ...freshness(task, ...(service ? [service] : [])),
    };
  });
}
