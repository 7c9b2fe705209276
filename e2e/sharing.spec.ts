/**
 * What viewers share. One read cache per server process: Next.js bundles pages and route
 * handlers apart, each with its own copy of a module; the cache lives on globalThis
 * (lib/process-wide.ts) so an open tab's /api/changes check reads what the page read, not AWS
 * again. And one render of the cluster page for everyone who sees the same thing
 * (lib/http/page-cache.ts): never another person's, never an out-of-date one.
 */
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { CACHED_URL, PROXY_SECRET, SANDBOX_URL, SIGN_IN_URL } from '../playwright.config';
import { ecs, resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

async function awsCalls(request: APIRequestContext) {
  const stats = (await (await request.get(`${SANDBOX_URL}/_sandbox/stats`)).json()) as {
    calls: Record<string, number>;
  };
  return stats.calls;
}

test('a page and its change check share one read cache: the check after the page costs no AWS call', async ({
  request,
}) => {
  const cluster = await request.get(`${CACHED_URL}/clusters/cruddur`);
  expect(cluster.status()).toBe(200);
  const service = await request.get(`${CACHED_URL}/clusters/cruddur/services/backend-flask`);
  expect(service.status()).toBe(200);
  await request.delete(`${SANDBOX_URL}/_sandbox/stats`);

  const checks = [
    `${CACHED_URL}/api/changes?view=cluster&cluster=cruddur`,
    `${CACHED_URL}/api/changes?view=service&cluster=cruddur&service=backend-flask`,
  ];
  for (const check of checks) {
    const answer = await request.get(check);
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as { token: string }).token).toMatch(/^[\w-]{16}$/);
  }
  expect(await awsCalls(request)).toEqual({});

  // And the other way round: a page after its check reads nothing either.
  await request.get(`${CACHED_URL}/api/changes?view=overview`);
  await request.delete(`${SANDBOX_URL}/_sandbox/stats`);
  expect((await request.get(`${CACHED_URL}/`)).status()).toBe(200);
  expect(await awsCalls(request)).toEqual({});
});

/** The script nonce a page answer names in its policy, and how often its body carries it. */
async function nonces(response: Awaited<ReturnType<APIRequestContext['get']>>) {
  const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'] ?? '')?.[1];
  const body = await response.text();
  return { nonce, inBody: nonce ? body.split(nonce).length - 1 : 0, body };
}

test('a shared render is only ever its own person’s: roles decide the buttons, each answer has its own nonce', async ({
  request,
}) => {
  const as = (email: string, groups?: string) =>
    request.get(`${SIGN_IN_URL}/clusters/cruddur`, {
      headers: {
        'x-berth-proxy-secret': PROXY_SECRET,
        'x-forwarded-email': email,
        ...(groups ? { 'x-forwarded-groups': groups } : {}),
      },
    });
  const admin = await nonces(await as('ops@example.com', 'platform-team'));
  const viewer = await nonces(await as('viewer@example.com'));
  const adminAgain = await nonces(await as('ops@example.com', 'platform-team'));

  expect(admin.body).toContain('>Redeploy<');
  expect(viewer.body).not.toContain('>Redeploy<');
  expect(viewer.body).not.toContain('ops@example.com');
  expect(adminAgain.body).toContain('>Redeploy<');
  // Every answer names a fresh nonce, which its scripts carry; none carries another's.
  expect(new Set([admin.nonce, viewer.nonce, adminAgain.nonce]).size).toBe(3);
  expect(adminAgain.inBody).toBe(admin.inBody);
  expect(adminAgain.inBody).toBeGreaterThan(5);
  expect(adminAgain.body).not.toContain(admin.nonce!);
  expect(adminAgain.body.split(adminAgain.nonce!).join('')).toBe(
    admin.body.split(admin.nonce!).join(''),
  );
});

test('a change shows on the next visit, however recent the shared render', async ({
  request,
  baseURL,
}) => {
  // The main server: reads last 500 ms, a render may be shown again for 2 s (its refresh).
  const desired = (html: string) =>
    /(\d+) of (\d+) tasks running/.exec(html.replaceAll('<!-- -->', ''))?.[2];
  expect(desired(await (await request.get(`${baseURL}/clusters/cruddur`)).text())).toBe('2');
  await ecs.send(
    new UpdateServiceCommand({ cluster: 'cruddur', service: 'frontend-react-js', desiredCount: 3 }),
  );
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(desired(await (await request.get(`${baseURL}/clusters/cruddur`)).text())).toBe('4');
});
