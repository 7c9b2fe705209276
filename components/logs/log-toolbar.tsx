'use client';

/** Log start choices: the URL's `since`. */
export const SINCE = [
  ['5m', 'last 5 minutes'],
  ['15m', 'last 15 minutes'],
  ['1h', 'last hour'],
  ['1d', 'last day'],
] as const;

/**
 * The log view's controls: which containers, the filter, where to start, pause, download, and
 * the stream's status. It holds no state of its own; the viewer owns it (and the URL).
 */
export function LogToolbar({
  containers,
  selected,
  onSelect,
  filterText,
  onFilterText,
  onApplyFilter,
  since,
  onSince,
  paused,
  onTogglePause,
  onDownload,
  statusText,
}: {
  containers: string[];
  selected: string[];
  onSelect: (next: string[]) => void;
  filterText: string;
  onFilterText: (text: string) => void;
  onApplyFilter: () => void;
  since: string;
  onSince: (since: string) => void;
  paused: boolean;
  onTogglePause: () => void;
  onDownload: () => void;
  statusText: string;
}) {
  return (
    <div className="flex flex-wrap items-center gap-4 text-sm">
      <fieldset className="flex flex-wrap items-center gap-3">
        <legend className="sr-only">Containers</legend>
        {containers.map((name) => (
          <label key={name} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={selected.includes(name)}
              onChange={(e) =>
                onSelect(
                  e.target.checked ? [...selected, name] : selected.filter((c) => c !== name),
                )
              }
            />
            {name}
          </label>
        ))}
      </fieldset>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onApplyFilter();
        }}
        className="flex max-w-full min-w-0 items-center gap-1"
      >
        <label className="min-w-0">
          <span className="sr-only">Filter</span>
          <input
            value={filterText}
            onChange={(e) => onFilterText(e.target.value)}
            placeholder='Filter: ERROR, "exact phrase", { $.level = "error" }'
            data-page-filter
            aria-keyshortcuts="/"
            className="w-full max-w-80 rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
          />
        </label>
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100"
        >
          Apply filter
        </button>
      </form>
      <label>
        From{' '}
        <select
          value={since}
          onChange={(e) => onSince(e.target.value)}
          className="rounded-md border border-slate-300 px-2 py-1"
        >
          {SINCE.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          {SINCE.some(([value]) => value === since) ? null : (
            <option value={since}>since {since}</option>
          )}
        </select>
      </label>
      <label>
        <span className="sr-only">Custom start (UTC)</span>
        <input
          type="datetime-local"
          aria-label="Custom start (UTC)"
          onChange={(e) => {
            if (e.target.value) onSince(`${e.target.value}:00Z`);
          }}
          className="rounded-md border border-slate-300 px-1 py-0.5 text-xs"
        />
      </label>
      <button
        type="button"
        onClick={onTogglePause}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100"
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button
        type="button"
        onClick={onDownload}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100"
      >
        Download
      </button>
      <span className="text-xs text-slate-500" data-testid="tail-status">
        {statusText}
      </span>
    </div>
  );
}
