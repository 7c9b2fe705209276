/** What a streamed panel shows until it arrives: a named, pulsing placeholder. */
export function PanelSkeleton({ label }: { label: string }) {
  return (
    <div
      role="status"
      aria-label={`Loading ${label}`}
      className="h-12 animate-pulse rounded-md bg-slate-100"
    />
  );
}
