/** A titled panel of a page. `id` makes it linkable (#deployments). */
export function Section({
  title,
  id,
  aside,
  children,
}: {
  title: string;
  id?: string;
  aside?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section
      id={id}
      aria-labelledby={id ? `${id}-title` : undefined}
      className="rounded-lg border border-slate-200 bg-white"
    >
      <header className="flex items-center justify-between gap-4 border-b border-slate-100 px-4 py-2.5">
        <h2 id={id ? `${id}-title` : undefined} className="text-sm font-semibold text-slate-900">
          {title}
        </h2>
        {aside}
      </header>
      <div className="p-4">{children}</div>
    </section>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="text-sm text-slate-500">{children}</p>;
}
