/** The read side of Berth in a real browser, against the production build and the sandbox. */
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  RegisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTasksCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { expect, test } from '@playwright/test';
import { SANDBOX_URL } from '../playwright.config';
import { cloudwatch, ecs, resetSandboxBeforeEach } from './sandbox';
import { ClustersPage, confirmAction, ServicePage } from './pages/berth';

resetSandboxBeforeEach();

test('overview -> cruddur -> backend-flask shows the live state of the Cruddur app', async ({
  page,
}) => {
  const clusters = new ClustersPage(page);
  await clusters.open();
  await expect(clusters.row('cruddur')).toContainText('Container Insights: on');
  await expect(clusters.row('cruddur-staging')).toContainText('Container Insights: off');
  await expect(clusters.row('cruddur')).toContainText('steady');
  await expect(clusters.row('cruddur')).toContainText('2 of 2 services steady');
  // The namespace by its name everywhere, the Cloud Map id and ARN on hover.
  const namespace = clusters.row('cruddur').getByTestId('namespace');
  await expect(namespace).toHaveText('cruddur');
  await expect(namespace).toHaveAttribute(
    'title',
    /^Cloud Map namespace ns-[0-9a-z]{16} \(arn:aws:servicediscovery:us-east-1:123456789012:namespace\/ns-[0-9a-z]{16}\)$/,
  );

  const cluster = await clusters.openCluster('cruddur');
  await expect(cluster.serviceRow('backend-flask')).toContainText('1 / 1');
  await expect(cluster.serviceRow('frontend-react-js')).toContainText('1 / 1');
  await expect(cluster.serviceRow('backend-flask')).toContainText('backend-flask:2');
  await expect(page.getByText('Container Insights: on')).toBeVisible();
  await expect(page.getByTestId('namespace')).toHaveText('cruddur');
  await expect(page.getByTestId('console-link')).toHaveAttribute(
    'href',
    'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/cruddur/services?region=us-east-1',
  );

  const service = await cluster.openService('backend-flask');
  const deployments = service.section('Deployments');
  await expect(deployments.getByTestId('deployment')).toHaveCount(1);
  await expect(deployments).toContainText('PRIMARY');
  await expect(deployments).toContainText('COMPLETED');
  await expect(deployments).toContainText('1 of 1 running');

  await expect(service.container('backend-flask')).toContainText('HEALTHY');
  await expect(service.container('xray')).toContainText('UNKNOWN');
  await expect(service.container('xray')).toContainText('no health check defined');
  await expect(service.container('ecs-service-connect-', { prefix: true })).toContainText(
    'Service Connect proxy',
  );
  await expect(service.container('backend-flask')).toContainText(
    'aws ecs execute-command --region us-east-1 --cluster cruddur --task',
  );
  await expect(service.container('backend-flask')).toContainText('--command "/bin/sh"');
  await expect(service.container('xray')).toContainText('exec: the image has no shell');

  await expect(service.section('X-Ray')).toContainText('Sidecar xray');
  await expect(service.section('Service Connect')).toContainText('backend-flask:4567');
  await expect(service.section('Service Connect').getByTestId('namespace')).toHaveText('cruddur');
  await expect(page.getByRole('link', { name: 'Open in the AWS console' })).toHaveAttribute(
    'href',
    'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/cruddur/services/backend-flask/health?region=us-east-1',
  );
  await expect(service.section('Container Insights')).toContainText('Container Insights: on');
  await expect(service.section('Events')).toContainText(
    '(service backend-flask) has reached a steady state.',
  );
  await expect(page.getByTestId('updated')).toContainText('updated');
});

test("frontend-react-js's nginx container gets /bin/sh, not bash", async ({ page }) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'frontend-react-js');
  await expect(service.container('frontend-react-js')).toContainText('HEALTHY');
  await expect(service.container('frontend-react-js')).toContainText('--command "/bin/sh"');
});

test('drift appears without a reload when the service moves to another revision', async ({
  page,
}) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  await expect(service.revisionDrift).toHaveCount(0);
  await page.evaluate(() => {
    (window as unknown as { marker: string }).marker = 'same page';
  });

  const { taskDefinition } = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:2' }),
  );
  const { taskDefinition: next } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'backend-flask',
      networkMode: taskDefinition?.networkMode,
      requiresCompatibilities: taskDefinition?.requiresCompatibilities,
      cpu: taskDefinition?.cpu,
      memory: taskDefinition?.memory,
      executionRoleArn: taskDefinition?.executionRoleArn,
      taskRoleArn: taskDefinition?.taskRoleArn,
      containerDefinitions: taskDefinition?.containerDefinitions,
    }),
  );
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'cruddur',
      service: 'backend-flask',
      taskDefinition: next?.taskDefinitionArn,
    }),
  );

  await expect(service.revisionDrift).toContainText(
    `runs backend-flask:2, not backend-flask:${next?.revision} of the PRIMARY deployment`,
  );
  // No navigation happened: the page updated itself.
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
    'same page',
  );
  // And once the rollout replaces the old task, the warning goes away by itself.
  await expect(service.revisionDrift).toHaveCount(0, { timeout: 30_000 });
});

test('unknown cluster, service and task pages are 404s that say so', async ({ page }) => {
  for (const path of [
    '/clusters/nope',
    '/clusters/cruddur/services/nope',
    // The service layout decides the 404 before its views' loading skeleton streams.
    '/clusters/cruddur/services/nope/history',
    '/clusters/cruddur/services/nope/logs',
    '/clusters/cruddur/tasks/0123456789abcdef0123456789abcdef',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }
});

test('an old ?tab=history link lands on the History route', async ({ page }) => {
  await page.goto('/clusters/cruddur/services/backend-flask?tab=history');
  await expect(page).toHaveURL(/\/clusters\/cruddur\/services\/backend-flask\/history$/);
  await expect(page.getByRole('link', { name: 'History' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('region', { name: 'Deployments' })).toBeVisible();
});

test('GET /api/health answers 200 with a small JSON body', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

test.describe('AWS failures as states a person can act on', () => {
  test.afterEach(async ({ request }) => {
    await request.delete(`${SANDBOX_URL}/_sandbox/faults`);
  });

  test('access denied names the missing IAM action', async ({ page, request }) => {
    await request.put(`${SANDBOX_URL}/_sandbox/faults`, {
      data: { deny: ['ecs:DescribeServices'] },
    });
    await page.goto('/clusters/cruddur');
    const alert = page.getByRole('alert').filter({ hasText: 'Access denied' });
    await expect(alert).toContainText('Access denied');
    await expect(alert).toContainText('Add ecs:DescribeServices to the IAM policy');
  });

  test('an outage keeps the last known state on screen, marked stale', async ({
    page,
    request,
  }) => {
    const service = new ServicePage(page);
    await service.open('cruddur', 'frontend-react-js');
    await request.put(`${SANDBOX_URL}/_sandbox/faults`, { data: { outage: true } });
    await expect(page.getByRole('status')).toContainText('Stale: showing the last known state');
    await expect(service.container('frontend-react-js')).toContainText('HEALTHY');
  });
});

test('the service page charts CPU and memory with the seeded deployment marked, and a redeploy adds a marker', async ({
  page,
}) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  const metrics = service.section('Metrics');
  const charts = metrics.getByTestId('metric-chart');
  await expect(charts).toHaveCount(5);
  await expect(charts.nth(3).getByTestId('metric-summary')).toHaveText(
    /^[\d,]+ requests, 0 answered 5xx by the targets, in the last hour\.$/,
  );
  await expect(charts.nth(4).getByTestId('metric-summary')).toHaveText(
    /^Response time avg \d+ ms, max \d+ ms in the last hour\.$/,
  );
  await expect(charts.nth(0).getByTestId('metric-summary')).toHaveText(
    /^CPU avg \d+ %, max \d+ % in the last hour\.$/,
  );
  await expect(charts.nth(1).getByTestId('metric-summary')).toHaveText(
    /^Memory avg \d+ %, max \d+ % in the last hour\.$/,
  );
  // uPlot drew them: a canvas each, and the deployment of revision 2 on every one.
  await expect(charts.locator('canvas')).toHaveCount(5);
  const markers = metrics.getByTestId('deployment-marker');
  await expect(
    markers.filter({ hasText: /^backend-flask:2 started \d\d:\d\d:\d\d UTC$/ }),
  ).toHaveCount(1);
  await expect(
    markers.filter({ hasText: /^backend-flask:2 completed \d\d:\d\d:\d\d UTC$/ }),
  ).toHaveCount(1);
  // On the canvas too: a hover target per marker, titled with the deployment (rev 1 started
  // the service; rev 2 replaced it ten simulated minutes later).
  for (const chart of [0, 1, 2]) {
    await expect(
      charts.nth(chart).locator('[data-marker="started"][title^="backend-flask:2 started "]'),
    ).toHaveCount(1);
    await expect(
      charts.nth(chart).locator('[data-marker="completed"][title^="backend-flask:2 completed "]'),
    ).toHaveCount(1);
  }

  await confirmAction(page, 'Redeploy');
  await expect(markers.filter({ hasText: /^backend-flask:2 started / })).toHaveCount(2, {
    timeout: 20_000,
  });

  await metrics.getByRole('link', { name: '24h' }).click();
  await expect(page).toHaveURL(/\?range=24h#metrics$/);
  await expect(charts.nth(0).getByTestId('metric-summary')).toHaveText(
    /^CPU avg \d+ %, max \d+ % in the last 24 hours\.$/,
  );
  await expect(metrics.getByRole('link', { name: '24h' })).toHaveAttribute('aria-current', 'page');
});

test('a task page charts its own CPU and memory once Container Insights is enhanced, and says how before', async ({
  page,
}) => {
  const { taskArns = [] } = await ecs.send(
    new ListTasksCommand({ cluster: 'cruddur', serviceName: 'backend-flask' }),
  );
  const taskId = taskArns[0]!.split('/').at(-1)!;
  await page.goto(`/clusters/cruddur/tasks/${taskId}`);
  const metrics = page.getByRole('region', { name: 'Metrics' });
  await expect(metrics.getByTestId('task-metrics-off')).toHaveText(
    'Per-task CPU and memory come from Container Insights with enhanced observability, which is not on (only the standard level is) on cluster cruddur: choose “enhanced” from the cluster page (Container Insights…).',
  );

  await page.goto('/clusters/cruddur');
  const status = await confirmAction(page, 'Container Insights…', async (dialog) => {
    await dialog.getByLabel('Setting').selectOption('enhanced');
  });
  await expect(status).toHaveText('Container Insights on cruddur set to enhanced.');
  // The chart is read once per metric period: open the page when the first sample exists.
  await expect
    .poll(
      async () =>
        (
          await cloudwatch.send(
            new ListMetricsCommand({
              Namespace: 'ECS/ContainerInsights',
              Dimensions: [{ Name: 'TaskId', Value: taskId }],
            }),
          )
        ).Metrics?.length,
      { timeout: 20_000 },
    )
    .toBe(2);
  await page.goto(`/clusters/cruddur/tasks/${taskId}`);
  const charts = metrics.getByTestId('metric-chart');
  await expect(charts).toHaveCount(2);
  await expect(charts.nth(0).getByTestId('metric-summary')).toHaveText(
    /^CPU avg \d+ %, max \d+ % in the task's life so far\.$/,
  );
  await expect(charts.nth(1).getByTestId('metric-summary')).toHaveText(
    /^Memory avg \d+ %, max \d+ % in the task's life so far\.$/,
  );
  await expect(charts.locator('canvas')).toHaveCount(2);
});

test('a repository shows each image’s scan by severity, and every finding of the images services run', async ({
  page,
}) => {
  await page.goto('/repositories/backend-flask');
  const latest = page.getByTestId('image').and(page.locator('[data-tags~="latest"]'));
  await expect(latest).toContainText('2 medium · 5 low');
  const running = page.getByRole('region', { name: 'Scan findings of running images' });
  const image = running.getByTestId('running-image-findings');
  // backend-flask runs :latest in both clusters: one digest, one list.
  await expect(image).toHaveCount(1);
  await expect(image.getByTestId('scan-summary')).toHaveText('2 medium · 5 low');
  await expect(image).toContainText(
    'running in cruddur/backend-flask, cruddur-staging/backend-flask',
  );
  const findings = image.getByTestId('finding');
  await expect(findings).toHaveCount(7);
  await expect(findings.first()).toHaveAttribute('data-severity', 'MEDIUM');
  await expect(findings.first()).toContainText('CVE-2026-10001');
  await expect(findings.first()).toContainText('openssl 3.0.11-1~deb12u2');
  await expect(findings.first().getByRole('link', { name: 'CVE-2026-10001' })).toHaveAttribute(
    'href',
    'https://security-tracker.debian.org/tracker/CVE-2026-10001',
  );
  await expect(findings.last()).toHaveAttribute('data-severity', 'LOW');
});
