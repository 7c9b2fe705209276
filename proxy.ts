/**
 * Runs before every route: refuses requests for a host Berth does not answer to (DNS
 * rebinding) and, when sign-in is on, requests without an identity (401); gives each response its security headers with a fresh script nonce, which
 * Next.js reads from the request's CSP and puts on its own scripts.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { noIdentityMessage, resolveCaller } from '@/lib/auth/identity';
import { env } from '@/lib/env';
import {
  inPlace,
  isPlaceId,
  PLACE_HEADER,
  placeId,
  defaultPlace,
  hasTargets,
  placeOfPath,
  unknownPlaceMessage,
  type Place,
} from '@/lib/targets/place';
import type { Caller } from '@/lib/auth/identity';
import {
  mayShareRender,
  pageKey,
  replay,
  sharedPageWatch,
  sharedRender,
} from '@/lib/http/page-cache';
import { tokenOf, type Watch } from '@/lib/views/watch';
import {
  contentSecurityPolicy,
  hostAllowed,
  STATIC_SECURITY_HEADERS,
  transportSecurity,
  WRONG_HOST_MESSAGE,
} from '@/lib/http/security';

/** Paths anyone may reach: the health check, and signing in and out (BERTH_AUTH=oidc). */
const OPEN_PATHS = new Set([
  '/api/health',
  '/auth/sign-in',
  '/auth/callback',
  '/auth/sign-out',
  '/auth/signed-out',
]);
const isOpen = (pathname: string) => OPEN_PATHS.has(pathname);

/**
 * A person opening a page (sent to sign in), not a script: a server action, a client-side
 * navigation's RSC fetch or the log stream answers 401 instead (the router then loads the
 * page itself, which is sent to sign in).
 */
const isPageVisit = (request: NextRequest) =>
  request.method === 'GET' &&
  request.headers.get('sec-fetch-mode') === 'navigate' &&
  !request.headers.has('rsc') &&
  !request.headers.has('next-action');

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
  const caller = isOpen(request.nextUrl.pathname)
    ? undefined
    : await resolveCaller(request.headers, env());
  if (!isOpen(request.nextUrl.pathname) && !caller) {
    const { oidc } = env();
    if (oidc && isPageVisit(request)) {
      const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
      const signIn = new URL('/auth/sign-in', oidc.publicUrl);
      signIn.searchParams.set('next', next);
      return NextResponse.redirect(signIn, { status: 303, headers: STATIC_SECURITY_HEADERS });
    }
    return new NextResponse(noIdentityMessage(env().auth), {
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...STATIC_SECURITY_HEADERS },
    });
  }
  // /t/{target}/{region}/… names a place: the rest of the path is the page, the place goes on
  // in PLACE_HEADER. Next.js runs the proxy again for the rewritten path, which arrives with that
  // header; a caller may send it too, which names a place just as its URL could (every check
  // after this one is made in the place, whichever way it was named). Only a place Berth has is
  // passed on.
  const where = placeOfPath(request.nextUrl.pathname);
  if (where.kind === 'unknown') {
    return new NextResponse(unknownPlaceMessage(where.target, where.region), {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...STATIC_SECURITY_HEADERS },
    });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const named = request.headers.get(PLACE_HEADER);
  if (named && !isPlaceId(named)) headers.delete(PLACE_HEADER);
  const fixed = { ...STATIC_SECURITY_HEADERS, ...transportSecurity(env().publicUrl) };
  // A page everyone sees alike is answered from a shared render (lib/http/page-cache.ts). Only
  // where the URL alone names the place: a /t/… URL, or a Berth with one place. The rewritten
  // pass of a /t/… URL (above) arrives as a plain path whose place header the proxy cannot see,
  // and must not be taken for the default place's page.
  const sharedPlace =
    where.kind === 'place' ? where.place : hasTargets() ? undefined : defaultPlace();
  const watch =
    sharedPlace && caller && mayShareRender(request.method, request.headers)
      ? sharedPageWatch(where.kind === 'place' ? where.rest : request.nextUrl.pathname)
      : undefined;
  if (watch && sharedPlace && caller) {
    const shared = await sharedPage(request, sharedPlace, watch, caller, nonce, csp);
    if (shared) {
      for (const [name, value] of Object.entries(fixed)) shared.headers.set(name, value);
      return shared;
    }
  }
  let response: NextResponse;
  if (where.kind === 'place') {
    headers.set(PLACE_HEADER, placeId(where.place));
    // The rest is set as a path, never resolved as a URL: "//host/x" or "/\\host/x" would
    // otherwise name another origin, and Next.js would proxy the request there.
    const page = request.nextUrl.clone();
    page.pathname = where.rest;
    response = NextResponse.rewrite(page, { request: { headers } });
  } else {
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(fixed)) {
    response.headers.set(name, value);
  }
  return response;
}

/**
 * The cluster page from a render shared by everyone who sees the same thing (lib/http/page-cache.ts),
 * or undefined to render it as usual (a failed read or render renders it per request, where
 * the page says what went wrong).
 */
async function sharedPage(
  request: NextRequest,
  place: Place,
  watch: Watch,
  caller: Caller,
  nonce: string,
  csp: string,
): Promise<Response | undefined> {
  try {
    const rendered = await sharedRender({
      key: pageKey({
        place: placeId(place),
        host: request.headers.get('host') ?? '',
        pathAndQuery: `${request.nextUrl.pathname}${request.nextUrl.search}`,
        caller,
      }),
      currentToken: () => inPlace(place, () => tokenOf(watch)),
      url: request.nextUrl,
      headers: request.headers,
      maxAgeMs: env().refreshSeconds * 1000,
    });
    return rendered ? replay(rendered, nonce, csp) : undefined;
  } catch {
    return undefined;
  }
}

export const config = {
  // Built assets are public and immutable; everything else passes through here.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
