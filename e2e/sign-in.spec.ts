/**
 * Berth behind a sign-in proxy (BERTH_AUTH=proxy, e2e/fixtures/policy.yaml): the proxy's
 * headers, believed only with its secret; roles per cluster enforced on real buttons.
 */
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { PROXY_SECRET, SANDBOX_URL, SIGN_IN_URL } from '../playwright.config';
import { resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

/** A browser as the proxy would forward it: signed in as `email`, in `groups`. */
async function signedIn(browser: Browser, email: string, groups = '') {
  const context = await browser.newContext({
    baseURL: SIGN_IN_URL,
    extraHTTPHeaders: {
      'x-berth-proxy-secret': PROXY_SECRET,
      'x-forwarded-email': email,
      ...(groups ? { 'x-forwarded-groups': groups } : {}),
    },
  });
  return context.newPage();
}

async function updateServiceCalls(request: APIRequestContext) {
  const stats = (await (await request.get(`${SANDBOX_URL}/_sandbox/stats`)).json()) as {
    calls: Record<string, number>;
  };
  return stats.calls['ecs:UpdateService'] ?? 0;
}

test('without the proxy secret nothing answers but /api/health', async ({ request }) => {
  const attempts: Record<string, string>[] = [
    {},
    { 'x-forwarded-email': 'ops@example.com', 'x-forwarded-groups': 'platform-team' },
    { 'x-berth-proxy-secret': 'wrong', 'x-forwarded-email': 'ops@example.com' },
  ];
  for (const headers of attempts) {
    for (const path of [
      '/',
      '/clusters/cruddur',
      '/api/logs?cluster=cruddur&service=backend-flask',
    ]) {
      const response = await request.get(`${SIGN_IN_URL}${path}`, { headers });
      expect(response.status(), path).toBe(401);
      expect(await response.text()).toBe(
        'Berth does not know who you are: sign in through the proxy in front of it.',
      );
    }
  }
  // A server action posted without identity is refused before it runs.
  const action = await request.post(`${SIGN_IN_URL}/clusters/cruddur/services/backend-flask`, {
    headers: { 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' },
    data: '[]',
  });
  expect(action.status()).toBe(401);
  expect((await request.get(`${SIGN_IN_URL}/api/health`)).status()).toBe(200);
});

test('a developer redeploys staging, is offered nothing on production, and the header says who', async ({
  browser,
  request,
}) => {
  const page = await signedIn(browser, 'dev@example.com');
  await page.goto('/clusters/cruddur-staging/services/backend-flask');
  await expect(page.getByTestId('signed-in')).toHaveText('dev@example.com · developer');
  await request.delete(`${SANDBOX_URL}/_sandbox/stats`);
  await page.getByRole('button', { name: 'Redeploy' }).first().click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Redeploy of' })).toContainText(
    'Redeploy of backend-flask started',
  );
  expect(await updateServiceCalls(request)).toBe(1);

  // The audit page names the person and their role.
  await page.goto('/audit?who=dev%40example.com&action=redeploy');
  const entries = page.getByTestId('audit-entry');
  await expect(entries).toHaveCount(1);
  await expect(entries.first().getByRole('cell').nth(1)).toHaveText(
    /^dev@example\.com\s*developer$/,
  );
  await expect(entries.first()).toContainText('cruddur-staging / backend-flask');
  await expect(entries.first()).toContainText('Redeploy of backend-flask started');

  // Production is not the developer's: the page offers no change there (and the guard would
  // refuse one: lib/tests/authorization.test.ts).
  await page.goto('/clusters/cruddur/services/backend-flask');
  await expect(page.getByRole('heading', { name: 'backend-flask', level: 1 })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Service actions' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Redeploy' })).toHaveCount(0);
  await expect(page.getByTestId('no-actions')).toHaveText(
    'No actions here: Role developer (dev@example.com) does not have "redeploy" on cluster cruddur: its clusters are *-staging.',
  );
  expect(await updateServiceCalls(request)).toBe(1);
  await page.context().close();
});

test('a viewer reads pages but may not tail logs; an admin group may', async ({ browser }) => {
  const viewer = await signedIn(browser, 'someone@example.com');
  await viewer.goto('/clusters/cruddur');
  await expect(viewer.getByTestId('signed-in')).toHaveText('someone@example.com · viewer');
  const refused = await viewer.request.get('/api/logs?cluster=cruddur&service=backend-flask');
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({
    error: 'Role viewer (someone@example.com) does not have "logs".',
  });
  await viewer.context().close();

  const admin = await signedIn(browser, 'ops@example.com', 'platform-team');
  await admin.goto('/clusters/cruddur/services/backend-flask/logs');
  await expect(admin.getByTestId('signed-in')).toHaveText('ops@example.com · admin');
  await expect(admin.getByTestId('tail-status')).toContainText('live');
  await admin.context().close();
});
