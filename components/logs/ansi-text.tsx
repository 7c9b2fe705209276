import Anser from 'anser';

/**
 * A log line with its ANSI colours, rendered as React text nodes: escape codes become classes,
 * and any HTML in the line stays text.
 */
export function AnsiText({ text }: { text: string }) {
  const parts = Anser.ansiToJson(text, { json: true, remove_empty: true, use_classes: true });
  return (
    <>
      {parts.map((part, i) =>
        part.fg || part.bg || part.decorations.length ? (
          <span
            key={i}
            className={[
              part.fg ? `ansi-fg-${part.fg}` : '',
              part.bg ? `ansi-bg-${part.bg}` : '',
              ...part.decorations.map((d) => `ansi-${d}`),
            ].join(' ')}
          >
            {part.content}
          </span>
        ) : (
          part.content
        ),
      )}
    </>
  );
}
