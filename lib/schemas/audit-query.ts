/**
 * The /audit page's filters, from the URL: each optional, blank meaning "any". Strict, so no
 * value can hold a quote or a backslash and bend the CloudWatch filter pattern built from it.
 */
import { z } from 'zod';
import { BERTH_ACTIONS } from '../auth/policy';
import { ClusterName } from './actions';

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const AuditQuery = z.strictObject(
  {
    who: z.preprocess(
      blankToUndefined,
      z
        .string()
        // Length first, so a long name is told its length, not its characters.
        .max(256, 'Person is at most 256 characters.')
        .regex(
          /^[A-Za-z0-9._%+@-]+$/,
          'Person is an email or id: letters, digits and . _ % + @ - only.',
        )
        .optional(),
    ),
    cluster: z.preprocess(blankToUndefined, ClusterName.optional()),
    action: z.preprocess(
      blankToUndefined,
      z
        .enum(BERTH_ACTIONS, { message: `Action is one of ${BERTH_ACTIONS.join(', ')}.` })
        .optional(),
    ),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Filter by who, cluster or action; ${issue.keys.join(', ')} is not a filter.`
        : undefined,
  },
);
export type AuditQuery = z.output<typeof AuditQuery>;

/** The query from search params (a repeated parameter is refused, as the log route does). */
export function parseAuditQuery(
  params: Record<string, string | string[] | undefined>,
): { ok: true; query: AuditQuery } | { ok: false; message: string } {
  if (Object.values(params).some(Array.isArray)) {
    return { ok: false, message: 'Give each filter once.' };
  }
  const parsed = AuditQuery.safeParse(params);
  return parsed.success
    ? { ok: true, query: parsed.data }
    : { ok: false, message: parsed.error.issues[0]?.message ?? 'Invalid filter.' };
}
