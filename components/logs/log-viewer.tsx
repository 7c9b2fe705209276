'use client';

import { usePlaceBase } from '@/components/targets/place-link';
import { useVirtualizer } from '@tanstack/react-virtual';
import { PlaceLink as Link } from '@/components/targets/place-link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { AnsiText } from './ansi-text';
import { LogToolbar } from './log-toolbar';
import { useLogStream, type LogStreamLine } from './use-log-stream';
import { taskHref } from '@/lib/routes';

type Line = LogStreamLine;

const STATUS_LABEL = {
  connecting: 'connecting…',
  live: 'live',
  retrying: 'reconnecting…',
  stopped: 'stopped',
} as const;

/** Lines kept in the browser; older ones are dropped, and the view says how many. */
const BUFFER = 5000;

/**
 * The live log view of a service or task. Its state (containers, filter, start, task) is in the
 * URL; the stream comes from /api/logs (useLogStream), which resumes after a dropped connection
 * with Last-Event-ID. Lines are virtualised; the newest is at the bottom.
 */
export function LogViewer({
  cluster,
  service,
  containers,
}: {
  cluster: string;
  service: string;
  containers: string[];
}) {
  const router = useRouter();
  // The place's prefix: its routes answer for the page's account and region (proxy.ts).
  const base = usePlaceBase();
  const pathname = usePathname();
  const params = useSearchParams();
  const task = params.get('task') ?? '';
  // The checkboxes answer at once; the URL follows.
  const [selected, setSelected] = useState(
    () => params.get('containers')?.split(',').filter(Boolean) ?? containers,
  );
  const filter = params.get('filter') ?? '';
  const since = params.get('since') ?? '5m';

  const [lines, setLines] = useState<Line[]>([]);
  /** Every line received on this connection; the difference to what is shown was dropped. */
  const [received, setReceived] = useState(0);
  const [notices, setNotices] = useState<string[]>([]);
  const [paused, setPaused] = useState(false);
  const [follow, setFollow] = useState(true);
  const [filterText, setFilterText] = useState(filter);
  /** Long lines are folded to three rows; a click unfolds one. */
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const held = useRef<Line[]>([]);
  // The stream's listener reads this; it is set outside render.
  const pausedRef = useRef(paused);
  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);
  const scroller = useRef<HTMLDivElement>(null);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const query = new URLSearchParams({
    cluster,
    service,
    since,
    ...(task ? { task } : {}),
    ...(filter ? { filter } : {}),
    containers: selected.join(','),
  });
  const url = `${base}/api/logs?${query.toString()}`;

  useEffect(() => {
    setLines([]);
    setReceived(0);
    setNotices([]);
    held.current = [];
  }, [url]);
  const status = useLogStream(selected.length ? url : null, {
    onLines: (ready) => {
      setReceived((n) => n + ready.length);
      if (pausedRef.current) held.current.push(...ready);
      else setLines((current) => current.concat(ready).slice(-BUFFER));
    },
    onNotice: (message) =>
      setNotices((current) => [message, ...current.filter((m) => m !== message)].slice(0, 3)),
  });

  const dropped = Math.max(0, received - lines.length - held.current.length);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 20,
    overscan: 20,
  });

  useEffect(() => {
    if (follow && lines.length) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines.length, follow, virtualizer]);

  const download = () => {
    const text = lines
      .map((l) => `${new Date(l.ts).toISOString()} ${l.task} ${l.container} ${l.message}`)
      .join('\n');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    link.download = `${service}-logs.txt`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <div className="space-y-3">
      <LogToolbar
        containers={containers}
        selected={selected}
        onSelect={(next) => {
          setSelected(next);
          setParam(
            'containers',
            next.length === containers.length ? undefined : next.join(',') || 'none',
          );
        }}
        filterText={filterText}
        onFilterText={setFilterText}
        onApplyFilter={() => setParam('filter', filterText.trim() || undefined)}
        since={since}
        onSince={(value) => setParam('since', value)}
        paused={paused}
        onTogglePause={() => {
          if (paused) {
            const release = held.current;
            held.current = [];
            setLines((current) => current.concat(release).slice(-BUFFER));
          }
          setPaused(!paused);
        }}
        onDownload={download}
        statusText={`${STATUS_LABEL[status.state]} · ${lines.length} lines${paused ? ` · paused (${held.current.length} waiting)` : ''}`}
      />
      {selected.length === 0 ? (
        <p role="status" className="text-sm text-slate-600">
          Choose at least one container.
        </p>
      ) : null}
      {dropped > 0 ? (
        <p role="status" className="text-xs text-amber-800">
          {dropped} older lines dropped from view (the view keeps the latest {BUFFER}); download or
          narrow the filter to see fewer.
        </p>
      ) : null}
      {status.state === 'stopped' || status.state === 'retrying' ? (
        <p
          role="alert"
          data-testid="log-stream-status"
          className={`rounded-md border p-2 text-sm ${status.state === 'stopped' ? 'border-red-200 bg-red-50 text-red-900' : 'border-amber-200 bg-amber-50 text-amber-900'}`}
        >
          {status.state === 'stopped' ? 'The log stream stopped: ' : 'Reconnecting: '}
          {status.message}
        </p>
      ) : null}
      {notices.map((notice) => (
        <p key={notice} role="status" className="text-xs text-amber-800">
          {notice}
        </p>
      ))}
      <div className="relative">
        <div
          ref={scroller}
          role="log"
          aria-label="Log lines"
          aria-live="off"
          onScroll={(e) => {
            const el = e.currentTarget;
            setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 40);
          }}
          className="palette-fixed h-[36rem] overflow-auto rounded-md bg-slate-950 font-mono text-xs text-slate-200"
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = lines[item.index];
              if (!line) return null;
              return (
                <div
                  key={line.id}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  data-testid="log-line"
                  data-container={line.container}
                  className="absolute top-0 left-0 grid w-full grid-cols-[6.5rem_7rem_minmax(0,1fr)] gap-x-2 px-2 py-px hover:bg-slate-900 sm:grid-cols-[6.5rem_7rem_8rem_minmax(0,1fr)]"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <span className="text-slate-400">
                    {new Date(line.ts).toISOString().slice(11, 23)}
                  </span>
                  <Link
                    href={taskHref(cluster, line.task)}
                    className="truncate text-sky-400 hover:underline"
                  >
                    {line.task.slice(0, 12)}
                  </Link>
                  <Link
                    href={`?${new URLSearchParams({ ...Object.fromEntries(params), containers: line.container }).toString()}`}
                    className="truncate text-violet-300 hover:underline"
                  >
                    {line.container}
                  </Link>
                  <span
                    onClick={() =>
                      setExpanded((current) => {
                        const next = new Set(current);
                        if (next.has(line.id)) next.delete(line.id);
                        else next.add(line.id);
                        return next;
                      })
                    }
                    className={`${expanded.has(line.id) ? '' : 'line-clamp-3'} col-span-3 cursor-text break-all whitespace-pre-wrap sm:col-span-1`}
                    title={line.message.length > 300 ? 'Long line: click to unfold' : undefined}
                  >
                    <AnsiText text={line.message} />
                  </span>
                </div>
              );
            })}
          </div>
        </div>
        {!follow ? (
          <button
            type="button"
            onClick={() => {
              setFollow(true);
              virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
            }}
            className="absolute right-4 bottom-4 rounded-full bg-sky-600 px-3 py-1 text-xs text-white shadow hover:bg-sky-700"
          >
            Jump to latest
          </button>
        ) : null}
      </div>
    </div>
  );
}
