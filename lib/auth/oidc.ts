/**
 * BERTH_AUTH=oidc: Berth signs people in itself against any OpenID Connect provider (Cognito,
 * Entra ID, Okta, Google, Keycloak) with the authorization code flow and PKCE. openid-client
 * does the protocol (discovery, the token request, the ID token's signature, issuer,
 * audience, expiry and nonce); this module only chooses the parameters and turns the claims
 * into a session (session.ts).
 */
import * as client from 'openid-client';
import { groupsFromClaim } from './claims';
import type { Caller } from './identity';
import {
  cookieValue,
  fitsInCookie,
  openSession,
  openSignIn,
  safeNext,
  sealSession,
  sealSignIn,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
} from './session';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string;
  scopes: string;
  /** The key material the cookies are sealed with. */
  sessionSecret: string;
  sessionHours: number;
  /** Where people reach Berth: the callback URL and every redirect are built from it. */
  publicUrl: string;
  groupsClaim: string;
}

export const CALLBACK_PATH = '/auth/callback';

/** Plain HTTP is allowed for a provider on this machine only (the tests' own). */
export const isLoopbackHttp = (url: URL) =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

let discovered: { key: string; configuration: Promise<client.Configuration> } | undefined;

/**
 * The provider's metadata and keys, discovered once per process (a failed discovery is
 * forgotten, so the next sign-in tries again). Plain HTTP only for a provider on loopback:
 * the tests' own.
 */
function configurationFor(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer} ${settings.clientId}`;
  if (discovered?.key !== key) {
    const issuer = new URL(settings.issuer);
    const configuration = client
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? undefined : client.None(),
        { execute: isLoopbackHttp(issuer) ? [client.allowInsecureRequests] : [], timeout: 5 },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    discovered = { key, configuration };
  }
  return discovered.configuration;
}

/** Where the provider sends the browser back, as registered with it. */
export const callbackUrl = (settings: OidcSettings) =>
  new URL(CALLBACK_PATH, settings.publicUrl).toString();

/** The start of a sign-in: the provider's URL to send the browser to, and the sealed checks. */
export async function beginSignIn(
  settings: OidcSettings,
  next: string | null,
): Promise<{ redirectTo: string; signInCookie: string }> {
  const configuration = await configurationFor(settings);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const redirectTo = client.buildAuthorizationUrl(configuration, {
    redirect_uri: callbackUrl(settings),
    scope: settings.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const signInCookie = await sealSignIn(
    { verifier, state, nonce, next: safeNext(next) },
    settings.sessionSecret,
  );
  return { redirectTo: redirectTo.toString(), signInCookie };
}

/** Why a sign-in did not end in a session, as the signed-out page explains it. */
export type SignInProblem = 'expired' | 'refused' | 'failed' | 'no-identity' | 'too-big';

export type SignInResult =
  | { ok: true; sessionCookie: string; next: string; maxAgeSeconds: number }
  | { ok: false; problem: SignInProblem; detail: string };

/**
 * The provider sent the browser back to `search` (the callback's query string): exchange the
 * code, check state, PKCE and nonce against the sign-in cookie, and seal a session.
 */
export async function finishSignIn(
  settings: OidcSettings,
  search: string,
  cookieHeader: string | null,
  now = Date.now(),
): Promise<SignInResult> {
  const signIn = await openSignIn(
    cookieValue(cookieHeader, SIGN_IN_COOKIE),
    settings.sessionSecret,
  );
  if (!signIn) {
    return { ok: false, problem: 'expired', detail: 'no sign-in in progress in this browser' };
  }
  const params = new URLSearchParams(search);
  const providerError = params.get('error');
  if (providerError) {
    return { ok: false, problem: 'refused', detail: providerError.slice(0, 100) };
  }
  let claims: client.IDToken | undefined;
  try {
    const configuration = await configurationFor(settings);
    const tokens = await client.authorizationCodeGrant(
      configuration,
      new URL(`${CALLBACK_PATH}?${params.toString()}`, settings.publicUrl),
      {
        pkceCodeVerifier: signIn.verifier,
        expectedState: signIn.state,
        expectedNonce: signIn.nonce,
      },
    );
    // openid-client has checked the ID token's signature, iss, aud, exp, nonce and sub.
    claims = tokens.claims();
  } catch (error) {
    return { ok: false, problem: 'failed', detail: (error as Error).message };
  }
  if (!claims)
    return { ok: false, problem: 'no-identity', detail: 'the provider sent no ID token' };
  const { sub } = claims;
  const email = typeof claims.email === 'string' && claims.email ? claims.email : undefined;
  const maxAgeSeconds = settings.sessionHours * 3600;
  const sessionCookie = await sealSession(
    {
      sub,
      ...(email ? { email } : {}),
      groups: groupsFromClaim(claims[settings.groupsClaim]),
      exp: Math.floor(now / 1000) + maxAgeSeconds,
    },
    settings.sessionSecret,
  );
  if (!fitsInCookie(sessionCookie)) {
    return {
      ok: false,
      problem: 'too-big',
      detail: `the session would be ${sessionCookie.length} bytes (too many groups in ${settings.groupsClaim})`,
    };
  }
  return { ok: true, sessionCookie, next: signIn.next, maxAgeSeconds };
}

/** The person a request's session cookie names, or undefined (no cookie, expired, forged). */
export async function callerFromSession(
  headers: Headers,
  settings: OidcSettings,
): Promise<Caller | undefined> {
  const session = await openSession(
    cookieValue(headers.get('cookie'), SESSION_COOKIE),
    settings.sessionSecret,
  );
  if (!session) return undefined;
  return {
    id: session.email ?? session.sub,
    subject: session.sub,
    groups: session.groups,
    mode: 'oidc',
  };
}
