/** A unified diff, coloured by line, as text (never HTML). Long lines wrap: a changed image tag at the end of one is never cut off. */
export function UnifiedDiff({ diff }: { diff: string }) {
  const lines = diff
    .split('\n')
    .filter((line) => !line.startsWith('===') && !line.startsWith('Index:'));
  return (
    <pre
      aria-label="Changes"
      className="max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs break-all whitespace-pre-wrap"
    >
      {lines.map((line, i) => (
        <div
          key={i}
          className={
            line.startsWith('+') && !line.startsWith('+++')
              ? 'bg-emerald-50 text-emerald-900'
              : line.startsWith('-') && !line.startsWith('---')
                ? 'bg-red-50 text-red-900'
                : 'text-slate-600'
          }
        >
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}
