import { PlaceLink as Link } from '@/components/targets/place-link';
import type { Container } from '@/lib/aws/types';
import type { PostMortem } from '@/lib/views/post-mortem';
import { AnsiText } from '../logs/ansi-text';
import { RelativeTime } from '../ui/relative-time';
import { serviceLogsHref, taskHref } from '@/lib/routes';
import { DataTable, type Column } from '@/components/ui/table';

/** The log view of one container of one task, from a few minutes before it stopped. */
function logHref(cluster: string, service: string, mortem: PostMortem, container: string) {
  const since = new Date((mortem.task.stoppedAt ?? 0) - 5 * 60_000).toISOString();
  return serviceLogsHref(cluster, service, { task: mortem.task.id, containers: container, since });
}

const STOP_COLUMNS: Column<Container>[] = [
  { key: 'container', header: 'Container', className: 'font-mono', cell: (c) => c.name },
  { key: 'exit', header: 'Exit code', className: 'tabular-nums', cell: (c) => c.exitCode ?? '—' },
  { key: 'reason', header: 'Reason', className: 'break-words', cell: (c) => c.reason ?? '—' },
];

/**
 * Why a task stopped: its stop code and reason, each container's exit code and reason, and
 * the last lines the failed container wrote before it stopped (rendered as text).
 */
export function PostMortemPanel({ mortem, open }: { mortem: PostMortem; open?: boolean }) {
  const { task, lastWords } = mortem;
  return (
    <details
      open={open}
      data-testid="post-mortem"
      className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <summary className="cursor-pointer">
        {/* Plain text: a link inside <summary> is an interactive element inside another. */}
        <span className="font-medium">Task {task.id.slice(0, 12)}</span> stopped{' '}
        <RelativeTime at={task.stoppedAt ?? task.stoppingAt} />
        {task.stopCode ? <span className="text-slate-600"> · {task.stopCode}</span> : null}
        {task.stoppedReason ? (
          <span className="break-words text-slate-600"> · {task.stoppedReason}</span>
        ) : null}
      </summary>
      <p className="mt-2 text-xs">
        <Link href={taskHref(task.clusterName, task.id)} className="text-sky-700 hover:underline">
          Open task {task.id.slice(0, 12)}
        </Link>
      </p>
      <DataTable
        label="Containers at stop"
        className="mt-2"
        density="tight"
        columns={STOP_COLUMNS}
        rows={task.containers}
        rowKey={(c) => c.name}
      />
      {lastWords ? (
        <div className="mt-2">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-xs text-slate-600">
            <span>
              Last lines of <span className="font-mono">{lastWords.container}</span> before it
              stopped
            </span>
            {task.serviceName ? (
              <Link
                href={logHref(task.clusterName, task.serviceName, mortem, lastWords.container)}
                className="text-sky-700 hover:underline"
              >
                Open in the log view
              </Link>
            ) : null}
          </div>
          {lastWords.error ? (
            <p className="mt-1 text-xs text-red-700">Could not read them: {lastWords.error}</p>
          ) : lastWords.lines === null ? (
            <p className="mt-1 text-xs text-slate-500">
              No log stream {lastWords.stream}: the container never started, so it wrote nothing.
            </p>
          ) : lastWords.lines.length === 0 ? (
            <p className="mt-1 text-xs text-slate-500">It wrote nothing before it stopped.</p>
          ) : (
            <pre
              className="mt-1 max-h-80 overflow-auto rounded bg-slate-950 p-2 text-xs whitespace-pre-wrap break-words text-slate-100"
              aria-label={`Last lines of ${lastWords.container}`}
            >
              {lastWords.lines.map((line) => (
                <div key={line.id}>
                  <AnsiText text={line.message} />
                </div>
              ))}
            </pre>
          )}
        </div>
      ) : null}
    </details>
  );
}
