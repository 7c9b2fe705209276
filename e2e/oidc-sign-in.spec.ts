/**
 * Berth signing people in itself (BERTH_AUTH=oidc) at a real OpenID provider started here
 * (oidc-provider, test/oidc-issuer.ts): a browser signs in with its form, comes back with a
 * sealed session cookie and the role its group gives, signs out; forged, expired and missing
 * sessions get nothing.
 */
import type { Server } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { OIDC_CLIENT, OIDC_ISSUER_PORT, OIDC_URL, SANDBOX_URL } from '../playwright.config';
import { sealSession, sealSignIn, SESSION_COOKIE } from '../lib/auth/session';
import { startIssuer } from '../test/oidc-issuer';
import { resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

const ISSUER = `http://127.0.0.1:${OIDC_ISSUER_PORT}`;
/** playwright.config.ts gives the OIDC Berth this secret; cookies sealed with it are Berth's. */
const SESSION_SECRET = 'e2e-session-secret-0123456789abcdef0123';

let issuer: Server;
test.beforeAll(async () => {
  issuer = await startIssuer(OIDC_ISSUER_PORT, {
    ...OIDC_CLIENT,
    redirectUris: [`${OIDC_URL}/auth/callback`],
  });
});
test.afterAll(() => new Promise<void>((done) => issuer.close(() => done())));

/** Opens `path` signed out, signs in at the provider's own form as `login`, and comes back. */
async function signIn(browser: Browser, login: string, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: OIDC_URL });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(new RegExp(`^${ISSUER}/interaction/`));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(`${OIDC_URL}${path}`);
  return page;
}

/** Berth's cookies (the provider's share the host: cookies do not tell ports apart). */
const berthCookies = async (page: Page) =>
  (await page.context().cookies(OIDC_URL)).filter((cookie) =>
    cookie.name.startsWith('__Host-berth'),
  );

const sandboxCalls = async (page: Page, name: string) => {
  const stats = (await (await page.request.get(`${SANDBOX_URL}/_sandbox/stats`)).json()) as {
    calls: Record<string, number>;
  };
  return stats.calls[name] ?? 0;
};

test('a browser signs in at the provider, returns where it was going, and signs out', async ({
  browser,
}) => {
  const page = await signIn(browser, 'ops', '/clusters/cruddur');
  await expect(page.getByRole('heading', { name: 'cruddur', level: 1 })).toBeVisible();
  await expect(page.getByTestId('signed-in')).toHaveText('ops@example.com · admin');

  const cookies = await berthCookies(page);
  expect(cookies.map((cookie) => cookie.name)).toEqual([SESSION_COOKIE]);
  const session = cookies[0]!;
  expect({
    httpOnly: session.httpOnly,
    secure: session.secure,
    sameSite: session.sameSite,
    path: session.path,
  }).toEqual({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  // Eight hours (BERTH_SESSION_HOURS' default), give or take the test's own run time.
  expect(session.expires - Date.now() / 1000).toBeGreaterThan(8 * 3600 - 120);
  expect(session.expires - Date.now() / 1000).toBeLessThanOrEqual(8 * 3600);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${OIDC_URL}/auth/signed-out`);
  await expect(page.getByTestId('sign-in-problem')).toHaveText('You are signed out of Berth.');
  expect(await berthCookies(page)).toEqual([]);
  const after = await page.request.get('/clusters/cruddur', {
    maxRedirects: 0,
    headers: { 'sec-fetch-mode': 'navigate' },
  });
  expect(after.status()).toBe(303);
  expect(after.headers().location).toBe('/auth/sign-in?next=%2Fclusters%2Fcruddur');
  await page.context().close();
});

test('the role follows the person: dev@example.com is a developer, actions on staging only', async ({
  browser,
}) => {
  const page = await signIn(browser, 'dev', '/clusters/cruddur');
  await expect(page.getByTestId('signed-in')).toHaveText('dev@example.com · developer');
  // The developer role covers *-staging clusters; cruddur is not one, so no Redeploy here.
  await page.goto('/clusters/cruddur/services/backend-flask');
  await expect(page.getByRole('heading', { name: 'backend-flask', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Redeploy' })).toHaveCount(0);
  expect(await sandboxCalls(page, 'ecs:UpdateService')).toBe(0);
  await page.context().close();
});

test('no session, a forged, expired or sign-in cookie: pages go to sign-in, the rest is 401', async ({
  request,
}) => {
  const now = Math.floor(Date.now() / 1000);
  const person = { sub: 'ops', email: 'ops@example.com', groups: ['platform-team'] };
  const cookies: [string, string][] = [
    ['none', ''],
    ['garbage', `${SESSION_COOKIE}=not-a-session`],
    [
      'another secret',
      `${SESSION_COOKIE}=${await sealSession({ ...person, exp: now + 3600 }, 'x'.repeat(40))}`,
    ],
    [
      'expired',
      `${SESSION_COOKIE}=${await sealSession({ ...person, exp: now - 60 }, SESSION_SECRET)}`,
    ],
    [
      'a sign-in cookie as a session',
      `${SESSION_COOKIE}=${await sealSignIn(
        { verifier: 'v'.repeat(43), state: 's', nonce: 'n', next: '/' },
        SESSION_SECRET,
      )}`,
    ],
  ];
  for (const [name, cookie] of cookies) {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const visit = await request.get(`${OIDC_URL}/clusters/cruddur?tab=events`, {
      maxRedirects: 0,
      headers: { ...headers, 'sec-fetch-mode': 'navigate' },
    });
    expect(visit.status(), name).toBe(303);
    expect(visit.headers().location, name).toBe(
      '/auth/sign-in?next=%2Fclusters%2Fcruddur%3Ftab%3Devents',
    );
    const script = await request.get(`${OIDC_URL}/clusters/cruddur`, {
      maxRedirects: 0,
      headers: { ...headers, rsc: '1' },
    });
    expect(script.status(), name).toBe(401);
    const action = await request.post(`${OIDC_URL}/clusters/cruddur`, {
      maxRedirects: 0,
      headers: { ...headers, 'next-action': 'f'.repeat(42), origin: OIDC_URL },
      data: '[]',
    });
    expect(action.status(), name).toBe(401);
  }
  // The same person, sealed with Berth's secret and in date, is let in.
  const good = await sealSession({ ...person, exp: now + 3600 }, SESSION_SECRET);
  const page = await request.get(`${OIDC_URL}/clusters/cruddur`, {
    maxRedirects: 0,
    headers: { cookie: `${SESSION_COOKIE}=${good}` },
  });
  expect(page.status()).toBe(200);
  // React separates adjacent text with empty comments in server HTML.
  expect((await page.text()).replaceAll('<!-- -->', '')).toContain(
    'data-testid="signed-in">ops@example.com · admin</span>',
  );
  expect((await request.get(`${OIDC_URL}/api/health`)).status()).toBe(200);
});

test('a callback without a sign-in begun here, or with the wrong state, makes no session', async ({
  page,
}) => {
  await page.goto(`${OIDC_URL}/auth/callback?code=stolen&state=guess`);
  await expect(page).toHaveURL(`${OIDC_URL}/auth/signed-out?problem=expired`);
  await expect(page.getByTestId('sign-in-problem')).toContainText('took longer than ten minutes');

  // A real sign-in begun, then a callback whose state is not the one it sent.
  const begun = await page.request.get(`${OIDC_URL}/auth/sign-in`, { maxRedirects: 0 });
  expect(begun.status()).toBe(303);
  const location = begun.headers().location ?? '';
  expect(location.startsWith(`${ISSUER}/auth?`)).toBe(true);
  const sent = new URL(location).searchParams;
  expect(sent.get('code_challenge_method')).toBe('S256');
  expect(sent.get('redirect_uri')).toBe(`${OIDC_URL}/auth/callback`);
  await page.goto(`${OIDC_URL}/auth/callback?code=stolen&state=not-${sent.get('state')}`);
  await expect(page).toHaveURL(`${OIDC_URL}/auth/signed-out?problem=failed`);
  expect(await berthCookies(page)).toEqual([]);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((violation) => violation.id)).toEqual([]);
});

test('sign-out from another site is refused and the session stays', async ({ browser }) => {
  const page = await signIn(browser, 'ops', '/');
  const refused = await page.request.post('/auth/sign-out', {
    maxRedirects: 0,
    headers: { origin: 'https://evil.example' },
  });
  expect(refused.status()).toBe(403);
  await page.reload();
  await expect(page.getByTestId('signed-in')).toHaveText('ops@example.com · admin');
  await page.context().close();
});
