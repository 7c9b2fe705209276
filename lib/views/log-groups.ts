import 'server-only';
import { getLogGroup, type LogGroupInfo } from '../aws/logs';
import type { TailableContainer } from './log-tail';

/** A log group a service's containers write to, or that it names but does not exist. */
export interface ServiceLogGroup {
  name: string;
  containers: string[];
  /** Null: the task definition names a group that does not exist (tasks fail to start). */
  info: LogGroupInfo | null;
}

/** The log groups of a service's containers, one cached DescribeLogGroups each. */
export async function serviceLogGroups(
  containers: TailableContainer[],
): Promise<ServiceLogGroup[]> {
  const names = [...new Set(containers.map((c) => c.group))];
  return Promise.all(
    names.map(async (name) => ({
      name,
      containers: containers.filter((c) => c.group === name).map((c) => c.name),
      info: await getLogGroup(name),
    })),
  );
}
