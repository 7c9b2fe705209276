import { currentCaller, roleName } from '@/lib/auth/guard';

/**
 * Who Berth takes you for, in the header: your email and role when signed in through the
 * proxy; "no sign-in" when everyone is "local", so nobody mistakes an open Berth for a guarded one.
 */
export async function SignedIn() {
  const caller = await currentCaller();
  if (!caller) return null;
  if (caller.mode === 'none') {
    return (
      <span
        className="rounded border border-amber-400 px-1.5 py-0.5 text-xs text-amber-200"
        title="BERTH_AUTH=none: anyone who reaches Berth may act. Put it behind sign-in for a team (README: Running Berth for a team)."
        data-testid="signed-in"
      >
        no sign-in
      </span>
    );
  }
  return (
    <span className="text-xs text-slate-300" data-testid="signed-in">
      {caller.id} · {roleName(caller)}
    </span>
  );
}
