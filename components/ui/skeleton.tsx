/** What a streamed panel shows until it arrives: a named, pulsing placeholder. */
export function PanelSkeleton({ label, height = 'h-12' }: { label: string; height?: string }) {
  return (
    <div
      role="status"
      aria-label={`Loading ${label}`}
      className={`${height} animate-pulse rounded-md bg-slate-100`}
    />
  );
}
