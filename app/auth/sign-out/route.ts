/**
 * POST /auth/sign-out — ends the Berth session (the provider's own session is the provider's:
 * signing in again may not ask for a password). Same-origin posts only, so another site cannot
 * sign people out behind their backs.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { clearAuthCookies } from '@/lib/auth/session-cookies';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

export function POST(request: NextRequest) {
  const { oidc } = env();
  if (!oidc) return new NextResponse('Berth does not sign people in itself here.', { status: 404 });
  if (request.headers.get('origin') !== new URL(oidc.publicUrl).origin) {
    return new NextResponse('Sign out from Berth itself: this request came from another site.', {
      status: 403,
    });
  }
  const response = NextResponse.redirect(new URL('/auth/signed-out', oidc.publicUrl), 303);
  clearAuthCookies(response);
  return response;
}
