/**
 * GET /api/changes?view=cluster&cluster=… → {"token": "…"}: the change token of what a page
 * draws (lib/views/change-token.ts). Open tabs ask this every few seconds and re-render only
 * when the token moves: an unchanged page costs a few dozen bytes and the cached reads, not a
 * render. The same view functions as the pages, so the same reads, cache and limits apply.
 */
import { z } from 'zod';
import { env } from '@/lib/env';
import { unauthenticated } from '@/lib/auth/guard';
import { resolveCaller } from '@/lib/auth/identity';
import { ClusterName, ServiceName } from '@/lib/schemas/actions';
import { changeToken, METRICS_REDRAW_MS } from '@/lib/views/change-token';
import { getClusterView } from '@/lib/views/cluster';
import { getHistoryView } from '@/lib/views/history';
import { everyOverviewView, getEveryOverview, getOverview } from '@/lib/views/overview';
import { hasTargets } from '@/lib/targets/place';
import { getServiceView } from '@/lib/views/service';
import { getTaskView } from '@/lib/views/task';

export const dynamic = 'force-dynamic';

const TaskId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a task id.');

const Query = z.discriminatedUnion(
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

const answer = (status: number, body: object) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function GET(request: Request) {
  const caller = await resolveCaller(request.headers, env());
  if (!caller) return answer(401, { error: unauthenticated().message });
  const params = [...new URL(request.url).searchParams];
  if (new Set(params.map(([key]) => key)).size !== params.length)
    return answer(400, { error: 'Each query parameter may be given once.' });
  const parsed = Query.safeParse(Object.fromEntries(params));
  if (!parsed.success)
    return answer(400, { error: parsed.error.issues[0]?.message ?? 'Invalid query.' });
  const query = parsed.data;
  switch (query.view) {
    case 'overview':
      return answer(200, {
        token: hasTargets()
          ? changeToken(everyOverviewView(await getEveryOverview()))
          : changeToken(await getOverview()),
      });
    case 'cluster':
      return answer(200, { token: changeToken(await getClusterView(query.cluster)) });
    case 'service':
      return answer(200, {
        token: changeToken(await getServiceView(query.cluster, query.service), METRICS_REDRAW_MS),
      });
    case 'history':
      return answer(200, {
        token: changeToken(await getHistoryView(query.cluster, query.service)),
      });
    case 'task':
      return answer(200, { token: changeToken(await getTaskView(query.cluster, query.task)) });
  }
}
