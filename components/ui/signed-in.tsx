import { currentCaller, roleName } from '@/lib/auth/guard';

/**
 * Who Berth takes you for, in the header: your email and role when signed in (and a sign-out
 * button when Berth holds the session itself); "no sign-in" when everyone is "local", so nobody mistakes an open Berth for a guarded one.
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
  const who = (
    <span className="text-xs text-slate-300" data-testid="signed-in">
      {caller.id} · {roleName(caller)}
    </span>
  );
  if (caller.mode !== 'oidc') return who; // the proxy or load balancer owns the session
  return (
    <>
      {who}
      {/* A plain form post: sign-out is a route that clears the cookie, not a server action. */}
      <form method="post" action="/auth/sign-out">
        <button
          type="submit"
          className="rounded border border-slate-600 px-1.5 py-0.5 text-xs whitespace-nowrap text-slate-200 hover:bg-slate-800"
        >
          Sign out
        </button>
      </form>
    </>
  );
}
