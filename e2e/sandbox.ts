/** The e2e tests' handle on the sandbox: real SDK clients, and a reset before each test. */
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { test } from '@playwright/test';
import { SANDBOX_URL } from '../playwright.config';

const config = {
  endpoint: SANDBOX_URL,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

export const ecs = new ECSClient(config);
export const ecr = new ECRClient(config);

/** Every test starts from the Cruddur seed, with no faults and fresh call counts. */
export function resetSandboxBeforeEach() {
  test.beforeEach(async ({ request }) => {
    await request.post(`${SANDBOX_URL}/_sandbox/reset`, { data: {} });
  });
}
