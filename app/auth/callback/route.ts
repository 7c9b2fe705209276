/**
 * GET /auth/callback?code=&state= — where the OpenID provider sends the browser back. The
 * code becomes a session only when state, PKCE and nonce match the sign-in this browser began
 * (its sealed cookie); anything else ends on the signed-out page saying why.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { finishSignIn } from '@/lib/auth/oidc';
import { clearAuthCookies, setSessionCookie } from '@/lib/auth/session-cookies';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const { oidc } = env();
  if (!oidc) return new NextResponse('Berth does not sign people in itself here.', { status: 404 });
  const result = await finishSignIn(oidc, request.nextUrl.search, request.headers.get('cookie'));
  if (!result.ok) {
    console.warn(`[berth] sign-in did not finish (${result.problem}): ${result.detail}`);
    const response = NextResponse.redirect(
      new URL(`/auth/signed-out?problem=${result.problem}`, oidc.publicUrl),
      303,
    );
    clearAuthCookies(response);
    return response;
  }
  const response = NextResponse.redirect(new URL(result.next, oidc.publicUrl), 303);
  setSessionCookie(response, result.sessionCookie, result.maxAgeSeconds);
  response.headers.set('cache-control', 'no-store');
  return response;
}
