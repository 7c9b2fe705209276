/**
 * The Set-Cookie lines of BERTH_AUTH=oidc, in one place so every route sets them the same way:
 * HttpOnly (no script reads them), Secure and `__Host-` (TLS only, this host only, Path=/),
 * SameSite=Lax (sent on the provider's redirect back, a top-level GET; not on cross-site posts).
 */
import type { NextResponse } from 'next/server';
import { SESSION_COOKIE, SIGN_IN_COOKIE, SIGN_IN_SECONDS } from './session';

const BASE = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

export function setSignInCookie(response: NextResponse, value: string) {
  response.cookies.set(SIGN_IN_COOKIE, value, { ...BASE, maxAge: SIGN_IN_SECONDS });
}

export function setSessionCookie(response: NextResponse, value: string, maxAgeSeconds: number) {
  response.cookies.set(SESSION_COOKIE, value, { ...BASE, maxAge: maxAgeSeconds });
  response.cookies.set(SIGN_IN_COOKIE, '', { ...BASE, maxAge: 0 });
}

export function clearAuthCookies(response: NextResponse) {
  response.cookies.set(SESSION_COOKIE, '', { ...BASE, maxAge: 0 });
  response.cookies.set(SIGN_IN_COOKIE, '', { ...BASE, maxAge: 0 });
}
