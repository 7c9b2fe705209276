import 'server-only';
import { getTaskDefinition } from '../aws/ecs';
import { toAwsFailure } from '../aws/errors';
import { lastLines, type LogLine } from '../aws/logs';
import type { Task, TaskDefinition } from '../aws/types';
import { failedContainer } from '../ecs/service-state';

/** Lines a container wrote after its task was told it stopped still count: logs lag a little. */
const AFTER_STOP_MS = 5_000;
export const LAST_WORDS = 30;
/** Post-mortems read per page: the newest stopped tasks, one GetLogEvents each at most. */
export const POST_MORTEMS_MAX = 5;

export interface LastWords {
  container: string;
  group: string;
  stream: string;
  /** Null when the stream does not exist (the container never started). */
  lines: Pick<LogLine, 'id' | 'timestamp' | 'message'>[] | null;
  /** Why the lines could not be read, when they could not. */
  error?: string;
}

/** Why a task stopped, container by container, and what its failed container said last. */
export interface PostMortem {
  task: Task;
  lastWords?: LastWords;
}

/** The awslogs group and stream of a task's container: `prefix/container/task-id`. */
export function logStreamOf(definition: TaskDefinition, container: string, taskId: string) {
  const config = definition.containers.find((c) => c.name === container)?.logConfiguration;
  if (config?.logDriver !== 'awslogs') return undefined;
  const group = config.options['awslogs-group'];
  if (!group) return undefined;
  const prefix = config.options['awslogs-stream-prefix'];
  return { group, stream: prefix ? `${prefix}/${container}/${taskId}` : taskId };
}

/**
 * The post-mortem of one stopped task: its task definition (cached forever) and the last 30
 * lines of the container that failed, up to the moment it stopped. A task that stopped cleanly
 * (no container exited non-zero) has no last words to show.
 */
export async function postMortem(task: Task): Promise<PostMortem> {
  if (task.lastStatus !== 'STOPPED' || task.stoppedAt === undefined) return { task };
  let definition: TaskDefinition;
  try {
    definition = await getTaskDefinition(task.taskDefinition.arn);
  } catch {
    return { task };
  }
  const failed = failedContainer(task, definition);
  if (!failed) return { task };
  const target = logStreamOf(definition, failed.name, task.id);
  if (!target) return { task };
  try {
    const lines = await lastLines(
      target.group,
      target.stream,
      task.stoppedAt + AFTER_STOP_MS,
      LAST_WORDS,
    );
    return {
      task,
      lastWords: {
        container: failed.name,
        ...target,
        lines: lines?.map(({ id, timestamp, message }) => ({ id, timestamp, message })) ?? null,
      },
    };
  } catch (error) {
    return {
      task,
      lastWords: {
        container: failed.name,
        ...target,
        lines: null,
        error: toAwsFailure(error, 'logs:GetLogEvents').message,
      },
    };
  }
}

/** The newest stopped tasks' post-mortems, at most POST_MORTEMS_MAX of them. */
export function postMortems(stoppedNewestFirst: Task[]): Promise<PostMortem[]> {
  return Promise.all(stoppedNewestFirst.slice(0, POST_MORTEMS_MAX).map(postMortem));
}
