/**
 * GET /api/changes?view=cluster&cluster=… → {"token": "…"}: the change token of what a page
 * draws (lib/views/change-token.ts). Open tabs ask this every few seconds and re-render only
 * when the token moves: an unchanged page costs a few dozen bytes and the cached reads, not a
 * render. The same view functions as the pages, so the same reads, cache and limits apply.
 */
import { env } from '@/lib/env';
import { unauthenticated } from '@/lib/auth/guard';
import { resolveCaller } from '@/lib/auth/identity';
import { tokenOf, Watch } from '@/lib/views/watch';

export const dynamic = 'force-dynamic';

const answer = (status: number, body: object) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function GET(request: Request) {
  const caller = await resolveCaller(request.headers, env());
  if (!caller) return answer(401, { error: unauthenticated().message });
  const params = [...new URL(request.url).searchParams];
  if (new Set(params.map(([key]) => key)).size !== params.length)
    return answer(400, { error: 'Each query parameter may be given once.' });
  const parsed = Watch.safeParse(Object.fromEntries(params));
  if (!parsed.success)
    return answer(400, { error: parsed.error.issues[0]?.message ?? 'Invalid query.' });
  return answer(200, { token: await tokenOf(parsed.data) });
}
