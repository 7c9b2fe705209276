/** Service events in AWS's wording, newest first; ECS keeps the latest 100. */
import type { World } from '../world.js';
import type { Service, Task } from './model.js';

const KEEP = 100;

export function addEvent(world: World, service: Service, message: string, at = world.now()) {
  service.events.unshift({
    id: crypto.randomUUID(),
    createdAt: at,
    message: `(service ${service.name}) ${message}`,
  });
  if (service.events.length > KEEP) service.events.length = KEEP;
}

export const taskList = (tasks: Task[]) => tasks.map((task) => `(task ${task.id})`).join(' ');

/** "has started 2 tasks: (task a) (task b)." — one event per scheduling round, as ECS does. */
export function startedEvent(tasks: Task[]) {
  return `has started ${tasks.length} tasks: ${taskList(tasks)}.`;
}

export function stoppedEvent(tasks: Task[]) {
  return `has stopped ${tasks.length} running tasks: ${taskList(tasks)}.`;
}
