import { PlaceLink as Link } from '@/components/targets/place-link';
import type { TaskDefinitionRef } from '@/lib/aws/types';

import { revisionHref, taskHref } from '@/lib/routes';

export { clusterHref, serviceHref, taskHref } from '@/lib/routes';
export const taskDefinitionHref = (ref: TaskDefinitionRef) =>
  revisionHref(ref.family, ref.revision);

/** family:revision, as people say it, linking to that revision. */
export function Revision({ value }: { value: TaskDefinitionRef }) {
  return (
    <Link
      href={taskDefinitionHref(value)}
      className="font-mono text-xs text-sky-700 hover:underline"
      title={value.arn}
    >
      {value.family}:{value.revision}
    </Link>
  );
}

export function TaskLink({ cluster, taskId }: { cluster: string; taskId: string }) {
  return (
    <Link
      href={taskHref(cluster, taskId)}
      className="font-mono text-xs text-sky-700 hover:underline"
      title={taskId}
    >
      {taskId.slice(0, 12)}
    </Link>
  );
}
