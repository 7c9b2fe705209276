import 'server-only';
import { z } from 'zod';
import { ClusterName, ServiceName } from '../schemas/actions';
import { hasTargets } from '../targets/place';
import { changeToken, METRICS_REDRAW_MS } from './change-token';
import { getClusterView } from './cluster';
import { getHistoryView } from './history';
import { everyOverviewView, getEveryOverview, getOverview } from './overview';
import { getServiceView } from './service';
import { getTaskView } from './task';

const TaskId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a task id.');

/** What a page watches: the view whose change token says when it must be drawn again. */
export const Watch = z.discriminatedUnion(
  'view',
  [
    z.strictObject({ view: z.literal('overview') }),
    z.strictObject({ view: z.literal('cluster'), cluster: ClusterName }),
    z.strictObject({ view: z.literal('service'), cluster: ClusterName, service: ServiceName }),
    z.strictObject({ view: z.literal('history'), cluster: ClusterName, service: ServiceName }),
    z.strictObject({ view: z.literal('task'), cluster: ClusterName, task: TaskId }),
  ],
  { message: 'view is one of overview, cluster, service, history, task.' },
);
export type Watch = z.infer<typeof Watch>;

/** The change token of a watched view (lib/views/change-token.ts), from the shared reads. */
export async function tokenOf(watch: Watch): Promise<string> {
  switch (watch.view) {
    case 'overview':
      return hasTargets()
        ? changeToken(everyOverviewView(await getEveryOverview()))
        : changeToken(await getOverview());
    case 'cluster':
      return changeToken(await getClusterView(watch.cluster));
    case 'service':
      return changeToken(await getServiceView(watch.cluster, watch.service), METRICS_REDRAW_MS);
    case 'history':
      return changeToken(await getHistoryView(watch.cluster, watch.service));
    case 'task':
      return changeToken(await getTaskView(watch.cluster, watch.task));
  }
}
