/** The live log tail in a real browser. */
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ListTasksCommand } from '@aws-sdk/client-ecs';
import { expect, test, type Page } from '@playwright/test';
import { SANDBOX_URL } from '../playwright.config';
import { ignoreAlreadyExists } from '../sandbox/tests/ignore-exists';
import { ecs, resetSandboxBeforeEach } from './sandbox';

const logs = new CloudWatchLogsClient({
  endpoint: SANDBOX_URL,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  disableHostPrefix: true,
});

resetSandboxBeforeEach();

/** Writes a line as the backend-flask container of the running task would. */
async function writeLine(message: string) {
  const { taskArns = [] } = await ecs.send(
    new ListTasksCommand({ cluster: 'cruddur', serviceName: 'backend-flask' }),
  );
  const stream = `backend-flask/backend-flask/${taskArns[0]?.split('/').pop() ?? ''}`;
  await logs
    .send(new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: stream }))
    .catch(ignoreAlreadyExists);
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: 'cruddur',
      logStreamName: stream,
      logEvents: [{ timestamp: Date.now(), message }],
    }),
  );
}

async function openLogs(page: Page) {
  await page.goto('/clusters/cruddur/services/backend-flask');
  await page.getByRole('link', { name: 'Logs' }).click();
  await expect(page.getByRole('heading', { name: 'backend-flask', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Logs' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('tail-status')).toContainText('live');
  return page.getByRole('log', { name: 'Log lines' });
}

test('a line written through PutLogEvents appears within 3 seconds', async ({ page }) => {
  const view = await openLogs(page);
  await expect(view.getByTestId('log-line').first()).toBeVisible();
  const marker = `berth-e2e-${Date.now()}`;
  await writeLine(marker);
  await expect(view.getByText(marker)).toBeVisible({ timeout: 3000 });
});

test('unchecking xray stops its lines; a filter keeps only matching lines', async ({ page }) => {
  const view = await openLogs(page);
  await expect(view.locator('[data-container="xray"]').first()).toBeVisible();
  await page.getByRole('checkbox', { name: 'xray' }).uncheck();
  await expect(page).toHaveURL(/containers=backend-flask/);
  await expect(view.getByTestId('log-line').first()).toBeVisible();
  await page.waitForTimeout(2500);
  await expect(view.locator('[data-container="xray"]')).toHaveCount(0);

  await page.getByPlaceholder(/^Filter/).fill('health-check');
  await page.getByRole('button', { name: 'Apply filter' }).click();
  await expect(page).toHaveURL(/filter=health-check/);
  await expect(view.getByTestId('log-line').first()).toBeVisible();
  const texts = await view.getByTestId('log-line').allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  expect(texts.every((t) => t.includes('health-check'))).toBe(true);
});

test('a log line with HTML renders as text', async ({ page }) => {
  let alerted = false;
  page.on('dialog', (dialog) => {
    alerted = true;
    void dialog.dismiss();
  });
  const view = await openLogs(page);
  await writeLine('<img src=x onerror=alert(1)>');
  await expect(view.getByText('<img src=x onerror=alert(1)>')).toBeVisible({ timeout: 3000 });
  await expect(view.locator('img')).toHaveCount(0);
  expect(alerted).toBe(false);
});
