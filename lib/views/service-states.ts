import 'server-only';
import { serviceStateHistory } from '../aws/deployments';
import { getTaskDefinitions, listServices, listTasks } from '../aws/ecs';
import type { Fetched } from '../aws/read-cache';
import type { Service, ServiceDeploymentRecord, Task, TaskDefinition } from '../aws/types';
import { serviceState, type ServiceState } from '../ecs/service-state';
import { processWide } from '../process-wide';
import { ageless } from './result';

/**
 * The reads every service state is derived from, for a whole cluster at once, so the overview,
 * the cluster page and the service page share them (one cached read each) and cannot disagree.
 */
export interface ClusterStates {
  services: Service[];
  /** Live tasks (desired RUNNING) by service name. */
  tasks: Map<string, Task[]>;
  /** Tasks stopped within about the last hour, newest first, by service name. */
  stopped: Map<string, Task[]>;
  /** PRIMARY task definitions by ARN. */
  definitions: Map<string, TaskDefinition>;
  states: Map<string, ServiceState>;
  /** Live tasks no service started (RunTask). */
  standaloneTasks: number;
  /** Every read, for the page's freshness (histories by their staleness only: see ageless). */
  reads: Fetched<unknown>[];
}

/**
 * What changes whenever a service's deployment history can: see serviceStateHistory. The
 * creation time makes it unique even where deployment ids repeat (a reseeded sandbox).
 */
export const deploymentsSignature = (service: Service) =>
  service.deployments
    .map((d) => `${d.id}.${d.createdAt ?? ''}.${d.status}.${d.rolloutState ?? ''}.${d.failedTasks}`)
    .join(',');

function byService(tasks: Task[]) {
  const map = new Map<string, Task[]>();
  for (const task of tasks) {
    if (!task.serviceName) continue;
    const list = map.get(task.serviceName) ?? [];
    list.push(task);
    map.set(task.serviceName, list);
  }
  return map;
}

/**
 * Costs, at the batch-limit minimum and shared through the read cache: ListServices +
 * DescribeServices per 10 (on a refresh of a big cluster, those that may have changed:
 * lib/aws/redescribe.ts), ListTasks + DescribeTasks per 100 for running and for stopped
 * tasks, one DescribeTaskDefinition per revision never seen, and per service a deployment
 * history read only when its deployments changed.
 * @throws AwsCallError when the services cannot be listed (not-found for an unknown cluster).
 */
export async function readClusterStates(cluster: string): Promise<ClusterStates> {
  const live = listTasks(cluster);
  const [services, running, stopped] = await Promise.all([
    // The live tasks tell which of a big cluster's kept services may have changed.
    listServices(cluster, live),
    live,
    // Without stopped tasks a crash loop cannot be told from a slow start; the page still
    // shows the rest, so a failure here only drops that signal.
    listTasks(cluster, { desiredStatus: 'STOPPED' }).catch(() => undefined),
  ]);
  // While the three reads are the same cached objects, so is everything derived from them:
  // a hundred viewers of a 1,000-service cluster compute its states once per cache period.
  // (Each read is a new Fetched wrapper; its data and staleness are the cache's own objects.)
  const from = [services, running, stopped].flatMap((read) => [read?.data, read?.stale]);
  const memo = derived.get(cluster);
  if (memo?.from.every((part, i) => part === from[i])) return memo.states;
  const states = await deriveStates(cluster, services, running, stopped);
  derived.set(cluster, { from, states });
  if (derived.size > MEMO_CLUSTERS) derived.delete(derived.keys().next().value!);
  return states;
}

/** The last derivation per cluster, with the reads it came from (oldest cluster dropped first). */
const derived = processWide(
  'cluster-states',
  () => new Map<string, { from: unknown[]; states: ClusterStates }>(),
);
const MEMO_CLUSTERS = 100;

async function deriveStates(
  cluster: string,
  services: Fetched<Service[]>,
  running: Fetched<Task[]>,
  stopped: Fetched<Task[]> | undefined,
): Promise<ClusterStates> {
  const primaries = services.data.map((s) => s.deployments.find((d) => d.status === 'PRIMARY'));
  const [definitions, histories] = await Promise.all([
    getTaskDefinitions(primaries.flatMap((d) => (d ? [d.taskDefinition.arn] : []))),
    Promise.all(
      services.data.map((s) =>
        serviceStateHistory(cluster, s.name, deploymentsSignature(s)).catch(() => undefined),
      ),
    ),
  ]);
  const tasks = byService(running.data);
  const stoppedTasks = byService(
    [...(stopped?.data ?? [])].sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0)),
  );
  const now = Date.now();
  const states = new Map(
    services.data.map((service, index) => {
      const primary = primaries[index];
      const history: ServiceDeploymentRecord[] | undefined = histories[index]?.data;
      return [
        service.name,
        serviceState({
          service,
          tasks: tasks.get(service.name) ?? [],
          stopped: stopped ? (stoppedTasks.get(service.name) ?? []) : undefined,
          history,
          definition: primary && definitions.get(primary.taskDefinition.arn),
          now,
        }),
      ];
    }),
  );
  const reads: Fetched<unknown>[] = [services, running];
  if (stopped) reads.push(stopped);
  for (const history of histories) if (history) reads.push(ageless(history));
  return {
    services: services.data,
    tasks,
    stopped: stoppedTasks,
    definitions,
    states,
    standaloneTasks: running.data.filter((t) => !t.serviceName).length,
    reads,
  };
}
