/**
 * Who is calling, from the request, by BERTH_AUTH:
 *   none   every caller is "local" (a laptop, the demo): no sign-in.
 *   proxy  behind oauth2-proxy or similar: X-Forwarded-Email and X-Forwarded-Groups, believed
 *          only with X-Berth-Proxy-Secret equal to BERTH_PROXY_SECRET (else: no identity).
 *   alb    behind an ALB with OIDC sign-in: its signed x-amzn-oidc-data (alb.ts).
 *   oidc   Berth signs people in itself: its sealed session cookie (oidc.ts, session.ts).
 * The headers come in, a caller or undefined (answer 401) goes out.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { callerFromAlb, type AlbSettings } from './alb';
import { callerFromSession, type OidcSettings } from './oidc';

export type AuthMode = 'none' | 'proxy' | 'alb' | 'oidc';

export interface Caller {
  /** The person's email (or the mode's stand-in, "local"): what the audit trail names. */
  id: string;
  /** The identity provider's subject (alb, oidc): stable when an email changes. */
  subject?: string;
  groups: string[];
  mode: AuthMode;
}

/** What a request without an identity Berth believes is told (401), before anything runs. */
export function noIdentityMessage(mode: AuthMode): string {
  const how =
    mode === 'oidc'
      ? 'sign in at /auth/sign-in'
      : mode === 'alb'
        ? 'sign in through the load balancer in front of it'
        : 'sign in through the proxy in front of it';
  return `Berth does not know who you are: ${how}.`;
}

export const LOCAL_CALLER: Caller = { id: 'local', groups: [], mode: 'none' };

/** Equal secrets, compared in constant time (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** An email as oauth2-proxy forwards it: one address, no spaces or control characters. */
const EMAIL = /^[^\s@,]{1,128}@[^\s@,]{1,253}$/;

export function callerFromHeaders(
  headers: Headers,
  mode: 'none' | 'proxy',
  proxySecret: string | undefined,
): Caller | undefined {
  if (mode === 'none') return LOCAL_CALLER;
  const secret = headers.get('x-berth-proxy-secret');
  if (!proxySecret || secret === null || !sameSecret(secret, proxySecret)) return undefined;
  // Headers.get has trimmed the value's surrounding whitespace already (the Fetch standard).
  const email = headers.get('x-forwarded-email') ?? '';
  if (!EMAIL.test(email)) return undefined;
  const groups = (headers.get('x-forwarded-groups') ?? '')
    .split(',')
    .map((group) => group.trim())
    .filter(Boolean);
  return { id: email, groups: [...new Set(groups)], mode };
}

/** The settings `resolveCaller` reads (lib/env's BerthEnv has them). */
export interface IdentitySettings {
  auth: AuthMode;
  proxySecret?: string;
  alb?: AlbSettings;
  oidc?: OidcSettings;
}

/** Who is calling, in any mode: the one entry point for routes, actions and pages. */
export async function resolveCaller(
  headers: Headers,
  settings: IdentitySettings,
): Promise<Caller | undefined> {
  if (settings.auth === 'alb') {
    return settings.alb ? callerFromAlb(headers, settings.alb) : undefined;
  }
  if (settings.auth === 'oidc') {
    return settings.oidc ? callerFromSession(headers, settings.oidc) : undefined;
  }
  return callerFromHeaders(headers, settings.auth, settings.proxySecret);
}
