/**
 * BERTH_AUTH=oidc keeps who you are in a cookie only Berth can read: a JWE (dir, A256GCM)
 * sealed with a key derived from BERTH_SESSION_SECRET, so every Berth task behind one load
 * balancer opens every other's cookies and nobody else can read or forge one. jose does the
 * crypto. The half-finished sign-in (PKCE verifier, state, nonce) rides in a second,
 * short-lived cookie sealed with a different key, so one can never pass for the other.
 */
import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';

/** `__Host-`: Secure, Path=/ and no Domain, so no other host or path can set or shadow it. */
export const SESSION_COOKIE = '__Host-berth-session';
export const SIGN_IN_COOKIE = '__Host-berth-sign-in';
/** How long a sign-in at the provider may take before it has to start again. */
export const SIGN_IN_SECONDS = 600;
/** Browsers keep about 4 KB per cookie; a bigger session would silently not be stored. */
export const MAX_COOKIE_BYTES = 4000;

type Purpose = 'session' | 'sign-in';

/** Whether a browser keeps a cookie this long (and whether Berth reads one). */
export const fitsInCookie = (token: string) => token.length <= MAX_COOKIE_BYTES;

const keys = new Map<string, Uint8Array>();

/** Derived once per secret and purpose: proxy.ts opens the session on every request. */
function keyFor(secret: string, purpose: Purpose): Uint8Array {
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, 'berth', `berth ${purpose} cookie v1`, 32));
    keys.set(id, key);
  }
  return key;
}

const SessionClaims = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().min(3).max(320).optional(),
  groups: z.array(z.string().max(256)).max(500),
  exp: z.number().int(),
});

export interface Session {
  /** The provider's subject: stable when the email changes. */
  sub: string;
  email?: string;
  groups: string[];
  /** Seconds since the epoch when the session ends and sign-in is asked for again. */
  exp: number;
}

const SignInClaims = z.object({
  verifier: z.string().min(43).max(128),
  state: z.string().min(1).max(128),
  nonce: z.string().min(1).max(128),
  next: z.string().startsWith('/').max(2048),
});

/** A sign-in begun here: checked when the provider sends the browser back. */
export type SignIn = z.infer<typeof SignInClaims>;

async function seal(
  claims: Record<string, unknown>,
  secret: string,
  purpose: Purpose,
  expiresAt: number,
): Promise<string> {
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .encrypt(keyFor(secret, purpose));
}

async function open(
  token: string | undefined,
  secret: string,
  purpose: Purpose,
): Promise<Record<string, unknown> | undefined> {
  if (!token || !fitsInCookie(token)) return undefined;
  // jose checks exp; another key, tampering, expiry or not a JWE at all: no session.
  return jwtDecrypt(token, keyFor(secret, purpose), {
    keyManagementAlgorithms: ['dir'],
    contentEncryptionAlgorithms: ['A256GCM'],
  }).then(
    ({ payload }) => payload,
    () => undefined,
  );
}

export function sealSession(session: Session, secret: string): Promise<string> {
  const { exp, ...claims } = session;
  return seal({ ...claims }, secret, 'session', exp);
}

export async function openSession(
  token: string | undefined,
  secret: string,
): Promise<Session | undefined> {
  const parsed = SessionClaims.safeParse(await open(token, secret, 'session'));
  return parsed.success ? parsed.data : undefined;
}

export function sealSignIn(signIn: SignIn, secret: string, now = Date.now()): Promise<string> {
  return seal({ ...signIn }, secret, 'sign-in', Math.floor(now / 1000) + SIGN_IN_SECONDS);
}

export async function openSignIn(
  token: string | undefined,
  secret: string,
): Promise<SignIn | undefined> {
  const parsed = SignInClaims.safeParse(await open(token, secret, 'sign-in'));
  return parsed.success ? parsed.data : undefined;
}

/** One cookie's value from a Cookie header (the first, as browsers send the most specific first). */
export function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key = '', ...value] = part.split('=');
    if (value.length && key.trim() === name) return value.join('=').trim();
  }
  return undefined;
}

/**
 * Where to go after signing in: a path on Berth, never another site (`//evil.example`,
 * `/\evil.example` and control characters are how open redirects sneak past a "starts with /").
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.length > 2048) return '/';
  if (next.startsWith('//')) return '/';
  // Backslashes too: browsers read /\evil.example as //evil.example.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  if (next.startsWith('/auth/')) return '/';
  return next;
}
