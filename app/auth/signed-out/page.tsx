import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Signed out' };

/** Why a sign-in did not end in a session (lib/auth/oidc.ts SignInProblem, and discovery). */
const PROBLEMS: Record<string, string> = {
  expired:
    'The sign-in took longer than ten minutes, or began in another browser or tab that has since signed in. Start again.',
  refused:
    'Your identity provider did not sign you in (you may have cancelled, or lack access to Berth).',
  failed:
    'Your identity provider answered, but its answer did not check out (code, state, PKCE or ID token). Start again; if it keeps happening, the server log says why.',
  'no-identity':
    'Your identity provider signed you in but did not say who you are (it sent no ID token: check that Berth asks for the openid scope).',
  'too-big':
    'You belong to more groups than fit in a browser cookie. Ask your administrator to send Berth only the groups its policy names.',
  unreachable:
    'Berth could not reach your identity provider. Try again shortly; if it lasts, check BERTH_OIDC_ISSUER and the network.',
};

/** Where sign-out and a failed sign-in land (BERTH_AUTH=oidc): open without a session. */
export default async function SignedOutPage({
  searchParams,
}: {
  searchParams: Promise<{ problem?: string | string[] }>;
}) {
  const { problem } = await searchParams;
  const message = typeof problem === 'string' ? PROBLEMS[problem] : undefined;
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">{message ? 'Not signed in' : 'Signed out'}</h1>
      <p className="mt-2 text-sm text-slate-600" data-testid="sign-in-problem">
        {message ?? 'You are signed out of Berth.'}
      </p>
      {/* A plain link: sign-in is a redirect to the provider, not a page of this app. */}
      <a
        href="/auth/sign-in"
        className="mt-4 inline-block rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
      >
        Sign in
      </a>
    </div>
  );
}
