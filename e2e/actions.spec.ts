/** Redeploy, roll back and read-only mode, in a real browser against the production build. */
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { expect, test, type APIRequestContext, type Page, type Request } from '@playwright/test';
import { READ_ONLY_URL, SANDBOX_URL } from '../playwright.config';
import { confirmAction, ServicePage } from './pages/berth';
import { ecs, resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

test('Redeploy follows the new deployment live to COMPLETED, and History shows it', async ({
  page,
}) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  const deployments = service.section('Deployments');
  await expect(deployments.getByTestId('deployment')).toHaveCount(1);

  const status = await confirmAction(page, 'Redeploy');
  await expect(status).toContainText(
    /Redeploy of backend-flask started: deployment ecs-svc\/\d{19}\./,
  );
  const deploymentId = /ecs-svc\/\d{19}/.exec((await status.textContent()) ?? '')?.[0] ?? '';

  // The page follows the rollout without a reload: two deployments, the new one IN_PROGRESS...
  const primary = deployments.getByTestId('deployment').filter({ hasText: deploymentId });
  await expect(primary).toContainText('IN_PROGRESS');
  await expect(deployments.getByTestId('deployment')).toHaveCount(2);
  await expect(primary.getByRole('progressbar')).toBeVisible();
  // ...then COMPLETED once the new task is healthy and the old one drained.
  await expect(primary).toContainText('COMPLETED', { timeout: 30_000 });
  await expect(deployments.getByTestId('deployment')).toHaveCount(1);
  await expect(service.section('Events')).toContainText(
    `(service backend-flask) (deployment ${deploymentId}) deployment completed.`,
  );

  await page.getByRole('link', { name: 'History' }).click();
  const audit = page.getByRole('table', { name: 'Audit trail' });
  await expect(audit.getByTestId('audit-entry').first()).toContainText('redeploy');
  await expect(audit.getByTestId('audit-entry').first()).toContainText(deploymentId);
  await expect(page.getByRole('table', { name: 'Deployment history' })).toContainText(
    'local (redeploy)',
  );
});

test('Scale outside the auto scaling range warns, and moves the range in the same change', async ({
  page,
}) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  const scaling = service.section('Auto scaling');
  await expect(scaling.getByTestId('scaling-range')).toHaveText('Between 1 and 4 tasks');
  await expect(scaling).toContainText(
    'backend-flask-cpu70 keeps average CPU at 70 % (cooldowns: out after 60s, in after 300s)',
  );
  const status = await confirmAction(page, 'Scale', async (dialog) => {
    await expect(dialog).toContainText('Auto scaling keeps this service between 1 and 4 tasks.');
    await dialog.getByLabel('Desired count').fill('3');
    await expect(dialog.getByTestId('scale-outside-range')).toHaveCount(0);
    await dialog.getByLabel('Desired count').fill('6');
    await expect(dialog.getByTestId('scale-outside-range')).toHaveText(
      '6 is outside the auto scaling range (1–4): the next scaling action will set the count back.',
    );
    await dialog.getByLabel('Also change the range to hold 6').check();
    await expect(dialog.getByLabel('Minimum')).toHaveValue('1');
    await expect(dialog.getByLabel('Maximum')).toHaveValue('6');
    // A minimum of 6 keeps it there: the seed's AlarmLow (CPU far under target) would scale in.
    await dialog.getByLabel('Minimum').fill('6');
  });
  await expect(status).toHaveText(
    'Auto scaling range of backend-flask set to 6–6 tasks; desired count set to 6.',
  );
  await expect(scaling.getByTestId('scaling-range')).toHaveText('Between 6 and 6 tasks');
  await expect(page.getByText(/\d running \/ 6 desired/)).toBeVisible();
});

test('a broken revision fails; Roll back returns the service to the previous revision and steady state', async ({
  page,
}) => {
  // The breaker off, so the failure stays until someone acts.
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'cruddur',
      service: 'backend-flask',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
    }),
  );
  const { taskDefinition: good } = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:2' }),
  );
  const containers = (good?.containerDefinitions ?? []).map((c) =>
    c.name === 'backend-flask' ? { ...c, image: c.image?.replace(/:latest$/, ':broken') } : c,
  );
  const { taskDefinition: broken } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'backend-flask',
      networkMode: good?.networkMode,
      requiresCompatibilities: good?.requiresCompatibilities,
      cpu: good?.cpu,
      memory: good?.memory,
      executionRoleArn: good?.executionRoleArn,
      taskRoleArn: good?.taskRoleArn,
      containerDefinitions: containers,
    }),
  );
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'cruddur',
      service: 'backend-flask',
      taskDefinition: broken?.taskDefinitionArn,
    }),
  );

  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  await expect(service.section('Recently stopped tasks')).toContainText(
    'EssentialContainerExited',
    { timeout: 30_000 },
  );
  await expect(service.section('Deployments')).toContainText(/\d+ failed/);

  await page.getByRole('link', { name: 'Roll back…' }).click();
  const rollbackRegion = page.getByRole('region', { name: 'Roll back' });
  await rollbackRegion.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back' });
  await expect(dialog.getByRole('combobox')).toHaveValue(/backend-flask:2$/);
  await expect(dialog.getByLabel('Changes')).toContainText(':broken');
  await dialog.getByRole('button', { name: 'Confirm roll back' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Rolling backend-flask back to backend-flask:2' }),
  ).toBeVisible();

  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByText(`backend-flask:2`).first()).toBeVisible();
  const deployments = service.section('Deployments');
  await expect(deployments.getByTestId('deployment')).toHaveCount(1, { timeout: 30_000 });
  await expect(deployments).toContainText('COMPLETED');
  await expect(deployments).toContainText('backend-flask:2');
  await expect(service.section('Events').getByRole('listitem').first()).toContainText(
    'has reached a steady state.',
    { timeout: 30_000 },
  );
});

test.describe('read-only mode and the action endpoint', () => {
  /** Captures the browser's real server action POST for Redeploy, without letting it through. */
  async function captureRedeployRequest(page: Page): Promise<Request> {
    const service = new ServicePage(page);
    await service.open('cruddur', 'backend-flask');
    let captured: Request | undefined;
    await page.route('**/clusters/cruddur/services/backend-flask**', async (route) => {
      if (route.request().method() === 'POST' && route.request().headers()['next-action']) {
        captured = route.request();
        await route.abort();
      } else await route.continue();
    });
    await page.getByRole('button', { name: 'Redeploy', exact: true }).first().click();
    await page
      .getByRole('dialog', { name: 'Redeploy' })
      .getByRole('button', { name: 'Confirm redeploy' })
      .click();
    await expect.poll(() => captured).toBeTruthy();
    return captured as Request;
  }

  async function updateServiceCalls(request: APIRequestContext) {
    const stats = (await (await request.get(`${SANDBOX_URL}/_sandbox/stats`)).json()) as {
      calls: Record<string, number>;
    };
    return stats.calls['ecs:UpdateService'] ?? 0;
  }

  test('no action button shows in read-only mode', async ({ page }) => {
    await page.goto(`${READ_ONLY_URL}/clusters/cruddur/services/backend-flask`);
    await expect(page.getByRole('heading', { name: 'backend-flask', level: 1 })).toBeVisible();
    await expect(page.getByRole('region', { name: /^Tasks/ })).toContainText('backend-flask');
    for (const name of ['Redeploy', 'Scale', 'Stop task', 'Stop rollout']) {
      await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
    }
    await expect(page.getByRole('link', { name: 'Roll back…' })).toHaveCount(0);
    await expect(page.getByTestId('no-actions')).toHaveText(
      'No actions here: Berth is running read-only (BERTH_READ_ONLY=1): it changes nothing.',
    );
    await page.goto(`${READ_ONLY_URL}/clusters/cruddur`);
    await expect(page.getByRole('table', { name: 'Services' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Redeploy|Container Insights/ })).toHaveCount(0);
  });

  test('a direct POST of the action to the read-only server is refused and changes nothing', async ({
    page,
    request,
  }) => {
    const action = await captureRedeployRequest(page);
    await request.delete(`${SANDBOX_URL}/_sandbox/stats`);
    const response = await request.post(
      `${READ_ONLY_URL}/clusters/cruddur/services/backend-flask`,
      {
        headers: {
          'next-action': action.headers()['next-action'] ?? '',
          'content-type': action.headers()['content-type'] ?? '',
          accept: 'text/x-component',
          origin: READ_ONLY_URL,
        },
        data: action.postDataBuffer() ?? Buffer.alloc(0),
      },
    );
    expect(await response.text()).toContain(
      'Berth is running read-only (BERTH_READ_ONLY=1): it changes nothing.',
    );
    expect(await updateServiceCalls(request)).toBe(0);
  });

  test('a cross-origin POST of the action is rejected by Next and changes nothing', async ({
    page,
    request,
    baseURL,
  }) => {
    const action = await captureRedeployRequest(page);
    await request.delete(`${SANDBOX_URL}/_sandbox/stats`);
    const response = await request.post(`${baseURL}/clusters/cruddur/services/backend-flask`, {
      headers: {
        'next-action': action.headers()['next-action'] ?? '',
        'content-type': action.headers()['content-type'] ?? '',
        accept: 'text/x-component',
        origin: 'https://evil.example.com',
      },
      data: action.postDataBuffer() ?? Buffer.alloc(0),
    });
    expect(response.ok()).toBe(false);
    expect(await updateServiceCalls(request)).toBe(0);
    // The same request from the page's own origin goes through: the check is the origin.
    const same = await request.post(`${baseURL}/clusters/cruddur/services/backend-flask`, {
      headers: {
        'next-action': action.headers()['next-action'] ?? '',
        'content-type': action.headers()['content-type'] ?? '',
        accept: 'text/x-component',
        origin: baseURL ?? '',
      },
      data: action.postDataBuffer() ?? Buffer.alloc(0),
    });
    expect(await same.text()).toContain('Redeploy of backend-flask started');
    expect(await updateServiceCalls(request)).toBe(1);
  });
});

test('keyboard only: skip link, Tab to Redeploy, Esc cancels with focus back, Enter twice redeploys', async ({
  page,
  request,
}) => {
  await page.goto('/clusters/cruddur/services/backend-flask');
  await expect(page.getByRole('heading', { name: 'backend-flask', level: 1 })).toBeVisible();
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName} ${el.textContent?.trim() ?? ''}` : '';
    });

  await page.keyboard.press('Tab');
  expect(await focused()).toBe('A Skip to content');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  for (let i = 0; i < 40 && (await focused()) !== 'BUTTON Redeploy'; i += 1) {
    await page.keyboard.press('Tab');
  }
  expect(await focused()).toBe('BUTTON Redeploy');

  const dialog = page.getByRole('dialog', { name: 'Redeploy' });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  expect(await focused()).toBe('BUTTON Confirm redeploy');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await focused()).toBe('BUTTON Redeploy');
  const before = await request.get(`${SANDBOX_URL}/_sandbox/stats`);
  expect(
    ((await before.json()) as { calls: Record<string, number> }).calls['ecs:UpdateService'],
  ).toBeUndefined();

  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasNotText: /^$/ }).last()).toContainText(
    /Redeploy of backend-flask started: deployment ecs-svc\/\d{19}\./,
  );
  await expect(dialog).toBeHidden();
  expect(await focused()).toBe('BUTTON Redeploy');
  const after = await request.get(`${SANDBOX_URL}/_sandbox/stats`);
  expect(
    ((await after.json()) as { calls: Record<string, number> }).calls['ecs:UpdateService'],
  ).toBe(1);
});

test('/ focuses the page filter, and typing there filters', async ({ page }) => {
  await page.goto('/clusters/cruddur');
  await expect(page.getByRole('heading', { name: 'cruddur', level: 1 })).toBeVisible();
  const filter = page.getByRole('searchbox', { name: 'Filter services' });
  // The shortcut listens once React has hydrated the page (the heading is there before): a
  // key pressed earlier is lost, so press again until it is heard.
  await expect(async () => {
    await page.keyboard.press('/');
    await expect(filter).toBeFocused({ timeout: 1_000 });
  }).toPass();
  await page.keyboard.type('front');
  await expect(page).toHaveURL(/\?q=front$/);
  await expect(page.getByRole('table', { name: 'Services' }).getByRole('row')).toHaveCount(2);
});

test('under load, auto scaling scales backend-flask out and the page says which alarm and policy did it', async ({
  page,
  request,
}) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  const scaling = service.section('Auto scaling');
  await expect(scaling.getByRole('table', { name: 'Scaling activities' })).toHaveCount(0);
  await request.put(`${SANDBOX_URL}/_sandbox/load`, {
    data: { cluster: 'cruddur', service: 'backend-flask', factor: 5 },
  });
  const activity = scaling
    .getByRole('table', { name: 'Scaling activities' })
    .getByRole('row')
    .filter({ hasText: /Setting desired count to [2-4]\./ })
    .first();
  await expect(activity).toContainText(
    /monitor alarm TargetTracking-service\/cruddur\/backend-flask-AlarmHigh-[0-9a-f-]{36} in state ALARM triggered policy backend-flask-cpu70/,
    { timeout: 45_000 },
  );
  await expect(activity).toContainText('Successful');
  // The alarm that did it is listed as auto scaling's signal, not raised as trouble.
  const alarms = service.section('Alarms');
  await expect(
    alarms.locator('[data-alarm-state="ALARM"]').filter({ hasText: 'AlarmHigh' }),
  ).toContainText("auto scaling's own signal");
  await expect(page.getByTestId('firing-alarms')).toHaveCount(0);
});
