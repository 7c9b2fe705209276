/** What running containers write with the awslogs driver: startup lines, then a steady stream. */
import { healthCheckPath, kindOf, nextLine } from '../logs/log-lines.js';
import type { World } from '../world.js';
import type { ContainerState, Task } from './model.js';
import { seconds } from './timing.js';

/** awslogs on Fargate: group from the options, stream `prefix/container/task-id`. */
export function awslogsTarget(task: Task, container: ContainerState) {
  const logs = container.definition?.logConfiguration;
  if (logs?.logDriver !== 'awslogs') return undefined;
  const prefix = logs.options['awslogs-stream-prefix'];
  return {
    group: logs.options['awslogs-group'] ?? '',
    stream: prefix ? `${prefix}/${container.name}/${task.id}` : task.id,
  };
}

export function writeLogs(
  world: World,
  task: Task,
  container: ContainerState,
  at: number,
  lines: string[],
) {
  const target = awslogsTarget(task, container);
  if (!target) return;
  lines.forEach((line, index) =>
    world.logs.write(target.group, target.stream, at + index, line, world.now()),
  );
}

/** Bounded: after a long pause only the last minute of simulated output is written. */
export function emitLogs(world: World, task: Task, container: ContainerState, at: number) {
  if (container.nextLogAt === undefined) return;
  const floor = at - world.clock.ms(60);
  if (container.nextLogAt < floor) container.nextLogAt = floor;
  const kind = kindOf(container.image, container.name);
  const path =
    healthCheckPath(container.definition?.healthCheck?.command) ??
    (container.definition?.healthCheck ? '/api/health-check' : undefined);
  const lines: [number, string][] = [];
  while (container.nextLogAt <= at) {
    lines.push([container.nextLogAt, nextLine(kind, container.nextLogAt, world.random, path)]);
    container.nextLogAt += seconds(world, kind === 'xray' ? 4 : 1, kind === 'xray' ? 10 : 5);
  }
  const target = awslogsTarget(task, container);
  if (!target) return;
  for (const [time, line] of lines)
    world.logs.write(target.group, target.stream, Math.round(time), line, world.now());
}
