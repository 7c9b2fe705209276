import { NextResponse } from 'next/server';
import { describe, expect, it } from 'vitest';
import { clearAuthCookies, setSessionCookie, setSignInCookie } from './session-cookies';

/** Set-Cookie lines without Expires (Max-Age rules; Expires is the same moment, for old browsers). */
const setCookies = (response: NextResponse) =>
  response.headers.getSetCookie().map((line) => line.replace(/ Expires=[^;]+;/, ''));

describe('the sign-in cookies', () => {
  it('keep a sign-in ten minutes: HttpOnly, Secure, Lax, this host only', () => {
    const response = NextResponse.redirect('https://issuer.example/auth', 303);
    setSignInCookie(response, 'sealed');
    expect(setCookies(response)).toEqual([
      '__Host-berth-sign-in=sealed; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=lax',
    ]);
  });

  it('set the session for its lifetime and end the sign-in', () => {
    const response = NextResponse.redirect('https://berth.example.com/', 303);
    setSessionCookie(response, 'session', 28_800);
    expect(setCookies(response)).toEqual([
      '__Host-berth-session=session; Path=/; Max-Age=28800; Secure; HttpOnly; SameSite=lax',
      '__Host-berth-sign-in=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=lax',
    ]);
  });

  it('are both cleared on sign-out', () => {
    const response = NextResponse.redirect('https://berth.example.com/auth/signed-out', 303);
    clearAuthCookies(response);
    expect(setCookies(response)).toEqual([
      '__Host-berth-session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=lax',
      '__Host-berth-sign-in=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=lax',
    ]);
  });
});
