/**
 * Issue 9 in a real browser and over raw HTTP against the production build: the first request
 * after a start, DNS rebinding, security headers and framing, spoofed X-Forwarded-For, the log
 * view's final errors, failure pages' status, and the register form keeping its input.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { SANDBOX_URL } from '../playwright.config';
import { resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

const BERTH = 'http://127.0.0.1:3177';

/** A raw HTTP request, so Host and X-Forwarded-For are exactly what a hostile client sends. */
function raw(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ response: IncomingMessage; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${BERTH}${path}`, { method, headers }, (response) =>
      resolve({ response, close: () => req.destroy() }),
    );
    req.on('error', reject);
    req.end();
  });
}

async function body(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += String(chunk);
  return text;
}

async function sandboxCalls(request: APIRequestContext) {
  return (await (await request.get(`${SANDBOX_URL}/_sandbox/stats`)).json()) as {
    calls: Record<string, number>;
    liveTailSessions: number;
  };
}

test.describe('a fresh server', () => {
  let server: ChildProcess | undefined;
  test.afterEach(() => {
    server?.kill('SIGTERM');
  });

  test('on 0.0.0.0 without BERTH_AUTH does not start, and says what to set', async () => {
    test.setTimeout(60_000);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOSTNAME: '0.0.0.0',
      PORT: '3182',
      AWS_REGION: 'us-east-1',
    };
    delete env.BERTH_AUTH;
    server = spawn(process.execPath, ['scripts/start.mjs'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (chunk) => (output += String(chunk)));
    server.stderr?.on('data', (chunk) => (output += String(chunk)));
    const code = await new Promise<number | null>((done) => server?.on('exit', done));
    expect(code).toBe(1);
    expect(output).toContain(
      'Berth will not listen on 0.0.0.0 without sign-in: anyone who reaches it could change your services.',
    );
  });

  test('whose first request is /api/logs still renders every page', async ({ request }) => {
    test.setTimeout(90_000);
    const port = 3179;
    server = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        HOSTNAME: '127.0.0.1',
        PORT: String(port),
        AWS_ENDPOINT_URL: SANDBOX_URL,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await request.get(`${base}/api/health`).catch(() => null))?.status(), {
        timeout: 30_000,
      })
      .toBe(200);

    // An open log tab reconnecting after a restart: the first AWS work this process does.
    const tail = await fetch(`${base}/api/logs?cluster=cruddur&service=backend-flask&since=1m`);
    expect(tail.status).toBe(200);
    const reader = tail.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry: 2000');
    await reader.cancel();

    for (const path of [
      '/',
      '/clusters/cruddur',
      '/clusters/cruddur/services/backend-flask',
      '/clusters/cruddur/services/backend-flask/history',
      '/clusters/cruddur/services/backend-flask/logs',
      '/task-definitions',
      '/task-definitions/backend-flask',
      '/task-definitions/backend-flask/2',
      '/repositories',
      '/repositories/backend-flask',
    ]) {
      const page = await request.get(`${base}${path}`);
      const html = await page.text();
      expect(`${path} ${page.status()}`).toBe(`${path} 200`);
      expect(html).not.toContain('Invalid client');
      expect(html).not.toContain('Something went wrong');
    }
  });
});

test.describe('host names and headers', () => {
  test('a DNS-rebinding request is refused before it reads or changes anything', async ({
    request,
  }) => {
    await request.delete(`${SANDBOX_URL}/_sandbox/stats`);
    const page = await raw('/clusters/cruddur', { Host: 'evil.example:3120' });
    expect(page.response.statusCode).toBe(421);
    expect(await body(page.response)).toContain('Berth does not answer to this host name.');
    const action = await raw(
      '/clusters/cruddur/services/backend-flask',
      {
        Host: 'evil.example:3120',
        Origin: 'http://evil.example:3120',
        'Next-Action': '00'.repeat(20),
        'Content-Type': 'text/plain;charset=UTF-8',
      },
      'POST',
    );
    expect(action.response.statusCode).toBe(421);
    await body(action.response);
    expect((await sandboxCalls(request)).calls).toEqual({});

    const honest = await raw('/clusters/cruddur', { Host: '127.0.0.1:3177' });
    expect(honest.response.statusCode).toBe(200);
    await body(honest.response);
  });

  test('every page carries a nonce CSP, no framing, nosniff and a referrer policy', async ({
    request,
  }) => {
    const response = await request.get('/clusters/cruddur');
    const headers = response.headers();
    const nonce = /'nonce-([^']+)'/.exec(headers['content-security-policy'] ?? '')?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("object-src 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-frame-options']).toBe('DENY');
    // Next's own scripts carry this response's nonce, so the page works under the policy.
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    const again = await request.get('/clusters/cruddur');
    expect(again.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);
  });

  test('a path Next cannot decode is a 400 that says why, with the same security headers', async ({
    request,
  }) => {
    const page = (await request.get('/clusters/cruddur')).headers();
    for (const path of ['/clusters/a%E0', '/clusters/cruddur/services/a%ZZ']) {
      const response = await request.get(path);
      expect(response.status()).toBe(400);
      expect(await response.text()).toBe(
        'The address has a malformed percent escape (a % not followed by the UTF-8 bytes of a character, such as %E0 alone). Percent-encode each part of the path with encodeURIComponent.\n',
      );
      const headers = response.headers();
      expect(headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      for (const name of [
        'x-content-type-options',
        'referrer-policy',
        'x-frame-options',
        'cross-origin-opener-policy',
        'permissions-policy',
      ]) {
        expect([name, headers[name]]).toEqual([name, page[name]]);
      }
    }
    // The query is the page's to judge: it still answers (and refuses the value itself).
    expect((await request.get('/audit?who=%E0')).status()).toBe(200);
  });

  test('pages work under the CSP in a real browser, and cannot be framed', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.goto('/clusters/cruddur/services/backend-flask');
    await expect(page.getByRole('button', { name: 'Redeploy' })).toBeEnabled();
    // Hydrated: a client-side navigation works.
    await page.getByRole('link', { name: 'History' }).first().click();
    await expect(page).toHaveURL(/\/backend-flask\/history$/);
    expect(violations).toEqual([]);

    await page.setContent(`<iframe src="${BERTH}/" title="framed"></iframe>`);
    const frame = page.frameLocator('iframe[title="framed"]');
    await page.waitForTimeout(1500);
    await expect(frame.getByRole('heading', { name: 'Clusters' })).toHaveCount(0);
  });
});

test.describe('log tails', () => {
  test('a spoofed X-Forwarded-For does not lift the per-client cap of 6 tails', async () => {
    const open: (() => void)[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const tail = await raw('/api/logs?cluster=cruddur&service=backend-flask&since=1m', {
          'X-Forwarded-For': `203.0.113.${i}`,
        });
        expect(tail.response.statusCode).toBe(200);
        open.push(tail.close);
      }
      const seventh = await raw('/api/logs?cluster=cruddur&service=backend-flask&since=1m', {
        'X-Forwarded-For': '198.51.100.77',
      });
      expect(seventh.response.statusCode).toBe(429);
      expect(JSON.parse(await body(seventh.response))).toEqual({
        error: 'At most 6 log tails per client: close another tab.',
      });
    } finally {
      for (const close of open) close();
    }
  });

  test('a refused tail says why in the page and is not retried', async ({ page }) => {
    let requests = 0;
    page.on('request', (req) => {
      if (req.url().includes('/api/logs')) requests++;
    });
    await page.goto('/clusters/cruddur/services/backend-flask/logs?since=2024-13-45T00:00');
    await expect(page.getByTestId('log-stream-status')).toHaveText(
      'The log stream stopped: since names a date that does not exist: use a real date and time.',
    );
    await page.waitForTimeout(3000);
    expect(requests).toBe(1);
    await expect(page.getByText('stopped · 0 lines')).toBeVisible();
  });

  test('a tail cut off by a missing permission stops with the IAM action named', async ({
    page,
    request,
  }) => {
    await request.put(`${SANDBOX_URL}/_sandbox/faults`, {
      data: { deny: ['logs:FilterLogEvents'] },
    });
    try {
      await page.goto('/clusters/cruddur/services/backend-flask/logs');
      await expect(page.getByTestId('log-stream-status')).toHaveText(
        'The log stream stopped: AWS refused logs:FilterLogEvents: the credentials Berth runs with need this IAM permission.',
      );
      await expect.poll(async () => (await sandboxCalls(request)).liveTailSessions).toBe(0);
    } finally {
      await request.delete(`${SANDBOX_URL}/_sandbox/faults`);
    }
  });
});

test.describe('failures and outages', () => {
  test.afterEach(async ({ request }) => {
    await request.delete(`${SANDBOX_URL}/_sandbox/faults`);
  });

  test('a page that cannot read AWS answers 500, not 200', async ({ request }) => {
    await request.put(`${SANDBOX_URL}/_sandbox/faults`, { data: { deny: ['ecs:ListClusters'] } });
    const response = await request.get('/');
    expect(response.status()).toBe(500);
    expect(await response.text()).toContain('BERTH_AWS_FAILURE');
  });

  test('the revision page keeps its deploy buttons in an outage and says it is stale', async ({
    page,
    request,
  }) => {
    await page.goto('/task-definitions/backend-flask/2');
    const deploy = page.getByRole('button', { name: 'Deploy to cruddur/backend-flask' });
    await expect(deploy.first()).toBeVisible();
    await request.put(`${SANDBOX_URL}/_sandbox/faults`, { data: { outage: true } });
    await page.waitForTimeout(700);
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'Stale:' })).toContainText(
      'Stale: showing the last known state',
    );
    await expect(deploy.first()).toBeVisible();
  });

  test('the repository page says it is stale in an outage', async ({ page, request }) => {
    await page.goto('/repositories/backend-flask');
    await expect(page.getByRole('heading', { name: 'backend-flask' })).toBeVisible();
    await request.put(`${SANDBOX_URL}/_sandbox/faults`, { data: { outage: true } });
    await page.waitForTimeout(700);
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'Stale:' })).toContainText(
      'Stale: showing the last known state',
    );
  });
});

test.describe('the register form keeps what was typed', () => {
  test('over 64 KiB: a clear message, and the JSON stays', async ({ page }) => {
    await page.goto('/task-definitions/new');
    const big = JSON.stringify({
      family: 'big',
      containerDefinitions: [{ name: 'app', image: 'nginx', command: ['x'.repeat(1_100_000)] }],
    });
    await page.getByLabel('Upload JSON file').setInputFiles({
      name: 'big.json',
      mimeType: 'application/json',
      buffer: Buffer.from(big),
    });
    await page.getByRole('button', { name: 'Check and compare' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Not checked' })).toContainText(
      'A task definition is at most 64 KiB of JSON',
    );
    await expect(page.getByTestId('json-editor')).toContainText('"family":"big"');
  });

  test('10,000 levels deep: a clear message, the JSON stays', async ({ page }) => {
    await page.goto('/task-definitions/new');
    await page.getByLabel('Upload JSON file').setInputFiles({
      name: 'deep.json',
      mimeType: 'application/json',
      buffer: Buffer.from(`{"family":"deep","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
    });
    await page.getByRole('button', { name: 'Check and compare' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Not registered' })).toContainText(
      'The JSON is nested 32+ levels deep at line 1',
    );
    await expect(page.getByTestId('json-editor')).toContainText('"family":"deep"');
  });
});
