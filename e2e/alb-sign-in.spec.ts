/**
 * Berth behind an ALB with OIDC sign-in (BERTH_AUTH=alb): tokens signed here as the ALB signs
 * them, the public key served on loopback as AWS's regional endpoint serves it.
 */
import type { Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { ALB_KEYS_PORT, ALB_URL } from '../playwright.config';
import { albToken, startKeyServer, stranger } from '../test/alb-tokens';

let keys: Server;
test.beforeAll(async () => {
  keys = (await startKeyServer(ALB_KEYS_PORT)).server;
});
test.afterAll(() => new Promise<void>((done) => keys.close(() => done())));

test('a token the ALB signed signs the person in, with the role their group gives', async ({
  browser,
}) => {
  const context = await browser.newContext({
    baseURL: ALB_URL,
    extraHTTPHeaders: {
      'x-amzn-oidc-data': albToken({ pad: true, claims: { email: 'ops@example.com' } }),
    },
  });
  const page = await context.newPage();
  await page.goto('/clusters/cruddur');
  await expect(page.getByTestId('signed-in')).toHaveText('ops@example.com · admin');
  await expect(page.getByRole('heading', { name: 'cruddur', level: 1 })).toBeVisible();
  await context.close();
});

test('a bad signature, another load balancer, an expired token or none: 401', async ({
  request,
}) => {
  const attempts: [string, Record<string, string>][] = [
    ['no token', {}],
    ['bad signature', { 'x-amzn-oidc-data': albToken({ key: stranger.privateKey }) }],
    [
      'wrong signer',
      {
        'x-amzn-oidc-data': albToken({
          header: {
            signer:
              'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/50dc6c495c0c9188',
          },
        }),
      },
    ],
    [
      'expired',
      { 'x-amzn-oidc-data': albToken({ claims: { exp: Math.floor(Date.now() / 1000) - 60 } }) },
    ],
  ];
  for (const [name, headers] of attempts) {
    const response = await request.get(`${ALB_URL}/clusters/cruddur`, { headers });
    expect(response.status(), name).toBe(401);
  }
  expect((await request.get(`${ALB_URL}/api/health`)).status()).toBe(200);
});
