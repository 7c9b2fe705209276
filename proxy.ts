/**
 * Runs before every route: refuses requests for a host Berth does not answer to (DNS
 * rebinding) and, when sign-in is on, requests without an identity (401); gives each response its security headers with a fresh script nonce, which
 * Next.js reads from the request's CSP and puts on its own scripts.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { NO_IDENTITY_MESSAGE, resolveCaller } from '@/lib/auth/identity';
import { env } from '@/lib/env';
import {
  contentSecurityPolicy,
  hostAllowed,
  STATIC_SECURITY_HEADERS,
  transportSecurity,
  WRONG_HOST_MESSAGE,
} from '@/lib/http/security';

export async function proxy(request: NextRequest) {
  // Load balancer health checks name the task's IP; the health route says nothing anyway.
  if (
    request.nextUrl.pathname !== '/api/health' &&
    !hostAllowed(request.headers.get('host'), env().allowedHosts)
  ) {
    return new NextResponse(WRONG_HOST_MESSAGE, {
      status: 421,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...STATIC_SECURITY_HEADERS },
    });
  }
  // Signed-in modes: no page, action or tail without an identity Berth believes.
  if (
    request.nextUrl.pathname !== '/api/health' &&
    !(await resolveCaller(request.headers, env()))
  ) {
    return new NextResponse(NO_IDENTITY_MESSAGE, {
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...STATIC_SECURITY_HEADERS },
    });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  const fixed = { ...STATIC_SECURITY_HEADERS, ...transportSecurity(env().publicUrl) };
  for (const [name, value] of Object.entries(fixed)) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  // Built assets are public and immutable; everything else passes through here.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
