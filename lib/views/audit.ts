import 'server-only';
import { readRecentAudit, type AuditEntry } from '../aws/audit';
import type { AuditQuery } from '../schemas/audit-query';
import { freshness, settle, type View } from './result';

/** The page's actions; `partial` when older ones may be missing (see AuditRead). */
export interface AuditView {
  entries: AuditEntry[];
  partial: boolean;
}

/** The last week of actions across every cluster, narrowed by the page's filters. */
export function getAuditView(query: AuditQuery): Promise<View<AuditView>> {
  return settle('logs:FilterLogEvents', async () => {
    const entries = await readRecentAudit({
      caller: query.who,
      cluster: query.cluster,
      action: query.action,
    });
    return {
      data: { entries: entries.data, partial: entries.partial === true },
      ...freshness(entries),
    };
  });
}
