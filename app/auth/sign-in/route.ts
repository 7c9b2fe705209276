/**
 * GET /auth/sign-in?next=/clusters/prod — BERTH_AUTH=oidc: starts a sign-in at the provider
 * (authorization code + PKCE) and comes back to `next` (a path on Berth) once it is done.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { beginSignIn } from '@/lib/auth/oidc';
import { setSignInCookie } from '@/lib/auth/session-cookies';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const { oidc } = env();
  if (!oidc) return new NextResponse('Berth does not sign people in itself here.', { status: 404 });
  let started: Awaited<ReturnType<typeof beginSignIn>>;
  try {
    started = await beginSignIn(oidc, request.nextUrl.searchParams.get('next'));
  } catch (error) {
    console.error(
      `[berth] sign-in: the provider ${oidc.issuer} could not be reached: ${(error as Error).message}`,
    );
    return NextResponse.redirect(
      new URL('/auth/signed-out?problem=unreachable', oidc.publicUrl),
      303,
    );
  }
  const response = NextResponse.redirect(started.redirectTo, 303);
  setSignInCookie(response, started.signInCookie);
  response.headers.set('cache-control', 'no-store');
  return response;
}
