/**
 * The sign-in flow against a real OpenID provider (oidc-provider, test/oidc-issuer.ts), with
 * the provider's own login and consent forms submitted over HTTP: what Berth sends, what it
 * makes of the answer, and every way the answer is refused.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoveryRequests, signInByForm, startIssuer } from '../../test/oidc-issuer';
import {
  beginSignIn,
  callbackUrl,
  callerFromSession,
  finishSignIn,
  isLoopbackHttp,
  type OidcSettings,
} from './oidc';
import { openSession, SESSION_COOKIE, SIGN_IN_COOKIE } from './session';

const PORT = 4593;
const BERTH = 'http://127.0.0.1:3999';
const settings: OidcSettings = {
  issuer: `http://127.0.0.1:${PORT}`,
  clientId: 'berth-unit',
  clientSecret: 'unit-client-secret-0123456789abcdef',
  scopes: 'openid email groups',
  sessionSecret: 'unit-session-secret-0123456789abcdef',
  sessionHours: 2,
  publicUrl: BERTH,
  groupsClaim: 'groups',
};

let issuer: Server;
beforeAll(async () => {
  issuer = await startIssuer(PORT, {
    id: settings.clientId,
    secret: settings.clientSecret!,
    redirectUris: [`${BERTH}/auth/callback`],
  });
});
afterAll(() => new Promise<void>((done) => issuer.close(() => done())));

/** A sign-in begun by Berth and completed at the provider as `login`: the callback's query. */
async function completedAt(login: string, next: string | null = '/clusters/prod') {
  const begun = await beginSignIn(settings, next);
  const callback = await signInByForm(begun.redirectTo, login, `${BERTH}/auth/callback`);
  return {
    begun,
    search: new URL(callback).search,
    cookie: `${SIGN_IN_COOKIE}=${begun.signInCookie}`,
  };
}

describe('beginSignIn', () => {
  it('sends the browser to the provider with PKCE (S256), state, nonce, scopes and the callback', async () => {
    const { redirectTo } = await beginSignIn(settings, '/x');
    const url = new URL(redirectTo);
    expect(`${url.origin}${url.pathname}`).toBe(`${settings.issuer}/auth`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      client_id: 'berth-unit',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:3999/auth/callback',
      scope: 'openid email groups',
      code_challenge_method: 'S256',
    });
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(callbackUrl(settings)).toBe('http://127.0.0.1:3999/auth/callback');
  });

  it('discovers the provider once per process, however many sign-ins begin', async () => {
    await beginSignIn(settings, '/');
    const before = discoveryRequests();
    await beginSignIn(settings, '/a');
    await beginSignIn(settings, '/b');
    expect(discoveryRequests()).toBe(before);
  });

  it('speaks plain HTTP only to a provider on this machine', () => {
    const cases: [string, boolean][] = [
      ['http://127.0.0.1:4593', true],
      ['http://localhost:8080/realms/x', true],
      ['http://[::1]:4593', true],
      ['https://127.0.0.1:4593', false],
      ['http://issuer.example', false],
      ['http://10.0.0.5', false],
      ['https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x', false],
    ];
    expect(cases.map(([url]) => [url, isLoopbackHttp(new URL(url))])).toEqual(cases);
  });

  it('forgets a provider it could not reach, so the next sign-in tries again', async () => {
    // A provider that is down, then comes up on the same address: the failure was not kept.
    const late = { ...settings, issuer: 'http://127.0.0.1:4594' };
    await expect(beginSignIn(late, '/')).rejects.toThrow();
    const server = await startIssuer(4594, {
      id: settings.clientId,
      secret: settings.clientSecret!,
      redirectUris: [`${BERTH}/auth/callback`],
    });
    try {
      const { redirectTo } = await beginSignIn(late, '/');
      expect(redirectTo.startsWith('http://127.0.0.1:4594/auth?')).toBe(true);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});

describe('finishSignIn', () => {
  it('turns the provider’s answer into a session: subject, email, groups, lifetime, next', async () => {
    const { search, cookie } = await completedAt('ops');
    const before = Math.floor(Date.now() / 1000);
    const result = await finishSignIn(settings, search, cookie);
    expect(result).toMatchObject({ ok: true, next: '/clusters/prod', maxAgeSeconds: 7200 });
    if (!result.ok) throw new Error('no session');
    const session = await openSession(result.sessionCookie, settings.sessionSecret);
    expect(session).toMatchObject({
      sub: 'ops',
      email: 'ops@example.com',
      groups: ['platform-team'],
    });
    expect(session!.exp - before).toBeGreaterThanOrEqual(7200);
    expect(session!.exp - before).toBeLessThanOrEqual(7201);
    const caller = await callerFromSession(
      new Headers({ cookie: `other=1; ${SESSION_COOKIE}=${result.sessionCookie}` }),
      settings,
    );
    expect(caller).toEqual({
      id: 'ops@example.com',
      subject: 'ops',
      groups: ['platform-team'],
      mode: 'oidc',
    });
  });

  it('sends the person to / when the sign-in began with nowhere safe to return to', async () => {
    const { search, cookie } = await completedAt('dev', '//evil.example');
    expect(await finishSignIn(settings, search, cookie)).toMatchObject({ ok: true, next: '/' });
  });

  it('refuses a code used twice, or brought back to another browser’s sign-in', async () => {
    const first = await completedAt('ops');
    expect((await finishSignIn(settings, first.search, first.cookie)).ok).toBe(true);
    expect(await finishSignIn(settings, first.search, first.cookie)).toMatchObject({
      ok: false,
      problem: 'failed',
    });
    const second = await completedAt('ops');
    const other = await beginSignIn(settings, '/');
    expect(
      await finishSignIn(settings, second.search, `${SIGN_IN_COOKIE}=${other.signInCookie}`),
    ).toMatchObject({ ok: false, problem: 'failed' });
  });

  it('says the sign-in expired when this browser began none', async () => {
    const { search } = await completedAt('ops');
    expect(await finishSignIn(settings, search, null)).toEqual({
      ok: false,
      problem: 'expired',
      detail: 'no sign-in in progress in this browser',
    });
    expect(await finishSignIn(settings, search, `${SIGN_IN_COOKIE}=forged`)).toMatchObject({
      ok: false,
      problem: 'expired',
    });
  });

  it('passes on the provider’s refusal', async () => {
    const begun = await beginSignIn(settings, '/');
    expect(
      await finishSignIn(
        settings,
        '?error=access_denied&error_description=no',
        `${SIGN_IN_COOKIE}=${begun.signInCookie}`,
      ),
    ).toEqual({ ok: false, problem: 'refused', detail: 'access_denied' });
    // Passed on for the server log, not as a page of whatever the URL held.
    const long = await finishSignIn(
      settings,
      `?error=${'x'.repeat(500)}`,
      `${SIGN_IN_COOKIE}=${begun.signInCookie}`,
    );
    expect(long).toEqual({ ok: false, problem: 'refused', detail: 'x'.repeat(100) });
  });

  it('refuses a session too big for a cookie rather than lose it silently', async () => {
    const { search, cookie } = await completedAt('many');
    const result = await finishSignIn(settings, search, cookie);
    expect(result).toMatchObject({ ok: false, problem: 'too-big' });
    expect(result.ok || result.detail).toMatch(
      /^the session would be \d+ bytes \(too many groups in groups\)$/,
    );
  });

  it('reads groups from the configured claim only', async () => {
    const { search, cookie } = await completedAt('ops');
    const result = await finishSignIn({ ...settings, groupsClaim: 'roles' }, search, cookie);
    if (!result.ok) throw new Error('no session');
    expect((await openSession(result.sessionCookie, settings.sessionSecret))?.groups).toEqual([]);
  });
});

describe('callerFromSession', () => {
  it('has no caller without the session cookie or with another secret’s', async () => {
    const { search, cookie } = await completedAt('ops');
    const result = await finishSignIn(settings, search, cookie);
    if (!result.ok) throw new Error('no session');
    expect(await callerFromSession(new Headers(), settings)).toBeUndefined();
    expect(
      await callerFromSession(
        new Headers({ cookie: `${SESSION_COOKIE}=${result.sessionCookie}` }),
        { ...settings, sessionSecret: 'another-secret-0123456789abcdef012345' },
      ),
    ).toBeUndefined();
  });
});
