import { resolve } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/browser';
import { ALB, CLIENT, ISSUER } from './test/alb-tokens';

// The specs drive the sandbox with the SDK in Playwright's own workers, which inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SANDBOX_PORT = 4577;
const BERTH_PORT = 3177;
const READ_ONLY_PORT = 3178;
const SIGN_IN_PORT = 3181;
const ALB_PORT = 3183;
const OIDC_PORT = 3184;
const TARGETS_PORT = 3185;
const CACHED_PORT = 3187;
const MULTI_SANDBOX_PORT = 4578;
/** Where the ALB e2e serves its public key (started by e2e/alb-sign-in.spec.ts). */
export const ALB_KEYS_PORT = 4591;
export const SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;
/** A second Berth on the same build and sandbox, with BERTH_READ_ONLY=1. */
export const READ_ONLY_URL = `http://127.0.0.1:${READ_ONLY_PORT}`;
/** A third, behind a (pretend) sign-in proxy: BERTH_AUTH=proxy and e2e/fixtures/policy.yaml. */
export const SIGN_IN_URL = `http://127.0.0.1:${SIGN_IN_PORT}`;
export const PROXY_SECRET = 'e2e-proxy-secret-0123456789abcdef0123456789';
/** A fourth, behind a (pretend) ALB with OIDC: BERTH_AUTH=alb, tokens signed by the spec. */
export const ALB_URL = `http://127.0.0.1:${ALB_PORT}`;
/** A fifth, signing people in itself (BERTH_AUTH=oidc) at the test's own OpenID provider. */
export const OIDC_URL = `http://127.0.0.1:${OIDC_PORT}`;
/** The OpenID provider e2e/oidc-sign-in.spec.ts starts (test/oidc-issuer.ts). */
export const OIDC_ISSUER_PORT = 4592;
/** A second sandbox, SANDBOX_SEED=multi: a world per account and region. */
export const MULTI_SANDBOX_URL = `http://127.0.0.1:${MULTI_SANDBOX_PORT}`;
/** A sixth Berth, with e2e/fixtures/targets.yaml (three targets) against the multi sandbox. */
export const TARGETS_URL = `http://127.0.0.1:${TARGETS_PORT}`;
/** A seventh, on the first sandbox with a read cache that lasts a minute (what viewers share). */
export const CACHED_URL = `http://127.0.0.1:${CACHED_PORT}`;
export const OIDC_CLIENT = { id: 'berth-e2e', secret: 'e2e-client-secret-0123456789abcdef' };

const berthEnv = {
  HOSTNAME: '127.0.0.1',
  AWS_ENDPOINT_URL: SANDBOX_URL,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  BERTH_REFRESH_SECONDS: '2',
  BERTH_CACHE_TTL_MS: '500',
  // A shared live tail outlives its last viewer this long: short, so tests see it close.
  BERTH_LIVE_TAIL_LINGER_SECONDS: '1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * e2e: a real Chromium against the production build (the standalone server `npm start` and
 * the Docker image run) and the sandbox, both started here. Run `npm run build` first.
 */
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${BERTH_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: [
    {
      command: 'node_modules/.bin/tsx sandbox/main.ts',
      url: `${SANDBOX_URL}/_sandbox/health`,
      env: { SANDBOX_PORT: String(SANDBOX_PORT), SANDBOX_SPEED: '10' },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `http://127.0.0.1:${BERTH_PORT}/api/health`,
      env: { ...berthEnv, PORT: String(BERTH_PORT) },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${READ_ONLY_URL}/api/health`,
      env: { ...berthEnv, PORT: String(READ_ONLY_PORT), BERTH_READ_ONLY: '1' },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${SIGN_IN_URL}/api/health`,
      env: {
        ...berthEnv,
        PORT: String(SIGN_IN_PORT),
        BERTH_AUTH: 'proxy',
        BERTH_PROXY_SECRET: PROXY_SECRET,
        BERTH_POLICY_FILE: resolve('e2e/fixtures/policy.yaml'),
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${ALB_URL}/api/health`,
      env: {
        ...berthEnv,
        PORT: String(ALB_PORT),
        BERTH_AUTH: 'alb',
        BERTH_ALB_ARN: ALB,
        BERTH_OIDC_ISSUER: ISSUER,
        BERTH_OIDC_CLIENT_ID: CLIENT,
        BERTH_ALB_KEYS_URL: `http://127.0.0.1:${ALB_KEYS_PORT}`,
        BERTH_GROUPS_CLAIM: 'cognito:groups',
        BERTH_POLICY_FILE: resolve('e2e/fixtures/policy.yaml'),
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${OIDC_URL}/api/health`,
      env: {
        ...berthEnv,
        PORT: String(OIDC_PORT),
        BERTH_AUTH: 'oidc',
        BERTH_PUBLIC_URL: OIDC_URL,
        BERTH_OIDC_ISSUER: `http://127.0.0.1:${OIDC_ISSUER_PORT}`,
        BERTH_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        BERTH_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        BERTH_OIDC_SCOPES: 'openid email groups',
        BERTH_SESSION_SECRET: 'e2e-session-secret-0123456789abcdef0123',
        BERTH_POLICY_FILE: resolve('e2e/fixtures/policy.yaml'),
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node_modules/.bin/tsx sandbox/main.ts',
      url: `${MULTI_SANDBOX_URL}/_sandbox/health`,
      env: { SANDBOX_PORT: String(MULTI_SANDBOX_PORT), SANDBOX_SPEED: '10', SANDBOX_SEED: 'multi' },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${TARGETS_URL}/api/health`,
      env: {
        ...berthEnv,
        PORT: String(TARGETS_PORT),
        AWS_ENDPOINT_URL: MULTI_SANDBOX_URL,
        BERTH_TARGETS_FILE: resolve('e2e/fixtures/targets.yaml'),
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${CACHED_URL}/api/health`,
      env: { ...berthEnv, PORT: String(CACHED_PORT), BERTH_CACHE_TTL_MS: '60000' },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
