/**
 * Every URL of Berth's pages, built in one place for lib and components alike, with each name
 * encoded. The route files under app/ are the other half of this table (DESIGN.md lists both).
 */
const at = (...parts: string[]) => `/${parts.map(encodeURIComponent).join('/')}`;
const withQuery = (path: string, query?: Record<string, string>) => {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
};

export const clusterHref = (cluster: string) => at('clusters', cluster);
export const serviceHref = (cluster: string, service: string) =>
  at('clusters', cluster, 'services', service);
export const serviceHistoryHref = (cluster: string, service: string) =>
  `${serviceHref(cluster, service)}/history`;
/** The live log view; `task`, `containers`, `since`, `filter` narrow it. */
export const serviceLogsHref = (cluster: string, service: string, query?: Record<string, string>) =>
  withQuery(`${serviceHref(cluster, service)}/logs`, query);
export const taskHref = (cluster: string, taskId: string) =>
  at('clusters', cluster, 'tasks', taskId);
export const familyHref = (family: string) => at('task-definitions', family);
export const revisionHref = (family: string, revision: number) =>
  at('task-definitions', family, String(revision));
export const repositoryHref = (name: string) => `/repositories/${encodeURIComponent(name)}`;
/** The revision editor, prefilled from `from` (family:revision); with a service, it can deploy. */
export const newRevisionHref = (from?: string, deployTo?: { cluster: string; service: string }) =>
  withQuery('/task-definitions/new', {
    ...(from ? { from } : {}),
    ...(from && deployTo ? deployTo : {}),
  });
