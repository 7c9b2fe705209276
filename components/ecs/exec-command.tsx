import type { ExecAccess } from '@/lib/ecs/exec';
import { CopyButton } from '../ui/copy-button';

export function ExecCommand({ access }: { access: ExecAccess }) {
  if (!access.ok) return <p className="text-xs text-slate-500">exec: {access.reason}</p>;
  return (
    <div className="flex min-w-0 items-start gap-2">
      <code className="block min-w-0 flex-1 rounded bg-slate-900 px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap text-slate-100">
        {access.command}
      </code>
      <CopyButton text={access.command} />
    </div>
  );
}
