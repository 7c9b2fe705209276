'use server';

import { queryServiceLogs, type LogsQueryResult } from '@/lib/actions/logs-query';
import { formFields } from '@/lib/actions/result';

/**
 * The Logs Insights query box's server action: a public POST endpoint like every action, so
 * lib/actions/logs-query checks the caller, validates the form and reads the log groups from
 * the service's task definition before AWS is called.
 */
export async function queryLogs(
  _previous: LogsQueryResult | null,
  form: FormData,
): Promise<LogsQueryResult> {
  return queryServiceLogs(formFields(form));
}
