/**
 * Every read-cache key, and the scopes a change clears, built in one place (commerce's TAGS).
 * Each key ends in ':' and so does each scope, so a scope never reaches a neighbour whose name
 * merely starts the same way: clearing cluster `cruddur` leaves `cruddur-staging` cached.
 * Names in keys never hold ':' (ECS and ECR names, log groups and task ids cannot).
 */
const key = (...parts: (string | number)[]) => `${parts.join(':')}:`;

export const KEYS = {
  clusters: () => key('ecs', 'clusters'),
  cluster: (cluster: string) => key('ecs', 'cluster', cluster),
  services: (cluster: string) => key('ecs', 'services', cluster),
  service: (cluster: string, service: string) => key('ecs', 'service', cluster, service),
  tasks: (cluster: string, service: string | undefined, desiredStatus: string) =>
    key('ecs', 'tasks', cluster, service ?? '*', desiredStatus),
  task: (cluster: string, taskId: string) => key('ecs', 'task', cluster, taskId),
  taskDefinition: (arnOrFamilyRevision: string) => `ecs:task-definition:${arnOrFamilyRevision}:`,
  revisions: (family: string, ...variant: (string | number)[]) =>
    key('ecs', 'revisions', family, ...variant),
  families: () => key('ecs', 'families'),
  history: (cluster: string, service: string, ...variant: string[]) =>
    key('ecs', 'history', cluster, service, ...variant),
  repositories: () => key('ecr', 'repositories'),
  images: (repository: string) => key('ecr', 'images', repository),
  audit: (cluster: string, service: string) => key('audit', cluster, service),
  /** The /audit page's query: '*' where a filter is not set. */
  auditAll: (caller: string, cluster: string, action: string) =>
    key('audit-all', caller, cluster, action),
  logGroup: (group: string) => key('logs', 'group', group),
  insights: (groups: string, query: string, start: number, end: number) =>
    // The query is free text: encoded, so its ':' cannot shift the key's parts.
    key('logs', 'insights', groups, encodeURIComponent(query), start, end),
  lastLines: (group: string, stream: string, endTime: number, limit: number) =>
    key('logs', 'last', group, stream, endTime, limit),
  namespace: (arn: string) => `servicediscovery:namespace:${arn}:`,
  scaling: (cluster: string, service: string) => key('aas', 'scaling', cluster, service),
  alarms: () => key('cw', 'alarms'),
  metrics: (cluster: string, service: string, range: string, end: number, targetGroup: string) =>
    key('cw', 'metrics', cluster, service, range, end, targetGroup),
  scanFindings: (repository: string, digest: string) =>
    key('ecr', 'scan-findings', repository, digest),
  taskMetrics: (cluster: string, taskId: string, end: number) =>
    key('cw', 'task-metrics', cluster, taskId, end),
  targets: (cluster: string, service: string, targetGroups: string) =>
    key('elb', 'targets', cluster, service, targetGroups),
};

/** What a change to a cluster's services or tasks makes stale: every read of that cluster. */
export function clusterScope(cluster: string): string[] {
  return [
    KEYS.clusters(),
    KEYS.cluster(cluster),
    KEYS.services(cluster),
    key('ecs', 'service', cluster),
    key('ecs', 'tasks', cluster),
    key('ecs', 'history', cluster),
    key('aas', 'scaling', cluster),
    key('elb', 'targets', cluster),
  ];
}

/** What registering a revision makes stale: the family's revision lists and the family list. */
export function familyScope(family: string): string[] {
  return [key('ecs', 'revisions', family), KEYS.families()];
}

/** What a new audit line makes stale: the cluster's audit reads, and every /audit query. */
export function auditScope(cluster: string): string[] {
  return [key('audit', cluster), key('audit-all')];
}
