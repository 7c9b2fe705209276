/**
 * One service state everywhere, in a real browser: a broken deployment reads "rolling back",
 * then "failed" with its reason and the crashed container's last log lines on the overview, the
 * cluster table and the service page, until a good redeploy makes it steady; a crash loop and a
 * scale-up read as such.
 */
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { expect, test } from '@playwright/test';
import { ClusterPage, ClustersPage, confirmAction, ServicePage } from './pages/berth';
import { ecs, markRunningImage, replaceTasks, resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

const FAILED =
  'Deployment of backend-flask:3 failed: 3 tasks failed to start (backend-flask exited with code 1); running backend-flask:2';

async function deployBroken() {
  const { taskDefinition: good } = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:2' }),
  );
  const { taskDefinition: broken } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'backend-flask',
      networkMode: good?.networkMode,
      requiresCompatibilities: good?.requiresCompatibilities,
      cpu: good?.cpu,
      memory: good?.memory,
      executionRoleArn: good?.executionRoleArn,
      containerDefinitions: (good?.containerDefinitions ?? []).map((c) =>
        c.name === 'backend-flask' ? { ...c, image: c.image?.replace(/:latest$/, ':broken') } : c,
      ),
    }),
  );
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'cruddur',
      service: 'backend-flask',
      taskDefinition: broken?.taskDefinitionArn,
    }),
  );
}

test('a broken deployment rolls back and stays failed, with its post-mortem, until a good redeploy', async ({
  page,
}) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  await expect(service.state).toContainText('steady');
  await deployBroken();

  await expect(service.state).toContainText('rolling back', { timeout: 30_000 });
  await expect(service.state).toContainText(
    'Rolling back from backend-flask:3 to backend-flask:2: Circuit breaker rollback triggered',
  );
  await expect(service.state).toContainText('failed', { timeout: 30_000 });
  await expect(service.state).toContainText(FAILED);

  // Why, without leaving the page: the crashed container's traceback.
  const why = page.getByRole('region', { name: 'Why it failed' });
  await expect(why.getByLabel('Last lines of backend-flask')).toHaveText(
    [
      'Traceback (most recent call last):',
      '  File "/backend-flask/app.py", line 7, in <module>',
      '    from services.home_activities import *',
      "ModuleNotFoundError: No module named 'services.home_activities'",
    ].join(''),
  );
  await expect(why).toContainText('EssentialContainerExited');
  await expect(why.getByRole('link', { name: 'Open in the log view' })).toHaveAttribute(
    'href',
    /\/clusters\/cruddur\/services\/backend-flask\/logs\?task=[0-9a-f]{32}&containers=backend-flask&since=/,
  );

  // The overview and the cluster table say the same, and the filter finds it.
  const clusters = new ClustersPage(page);
  await clusters.open();
  await expect(clusters.row('cruddur')).toContainText('failed');
  await expect(clusters.row('cruddur')).toContainText('1 not steady: backend-flask (failed)');
  await page.goto('/clusters/cruddur?health=failed');
  const cluster = new ClusterPage(page);
  await expect(cluster.services.getByRole('row')).toHaveCount(2);
  await expect(cluster.serviceRow('backend-flask')).toContainText(FAILED);
  await page.goto('/clusters/cruddur?health=crash-looping');
  await expect(
    page.getByRole('status').filter({ hasText: 'No crash looping services' }),
  ).toHaveText('No crash looping services in cruddur.');

  // The rollback picker marks the revision the breaker rejected and does not offer it first.
  await service.open('cruddur', 'backend-flask');
  await page.getByRole('link', { name: 'Roll back…' }).click();
  await page
    .getByRole('region', { name: 'Roll back' })
    .getByRole('button', { name: 'Roll back' })
    .click();
  const picker = page.getByRole('dialog', { name: 'Roll back' }).getByRole('combobox');
  await expect(picker.locator('option').first()).toHaveText('backend-flask:2 — running now');
  await expect(picker.locator('option', { hasText: 'backend-flask:3' })).toHaveText(
    /^backend-flask:3 — ran .* — rejected$/,
  );
  await expect(picker).not.toHaveValue(/backend-flask:3$/);
  await picker.selectOption('arn:aws:ecs:us-east-1:123456789012:task-definition/backend-flask:3');
  await expect(page.getByTestId('rollback-rejected')).toHaveText(
    /^backend-flask:3 was rejected before: the circuit breaker tripped on it \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Deploying it again will likely fail the same way\.$/,
  );
  await page.keyboard.press('Escape');

  // A good redeploy makes it steady again.
  await service.open('cruddur', 'backend-flask');
  await confirmAction(page, 'Redeploy');
  await expect(service.state).toContainText('deploying');
  await expect(service.state).toContainText('steady', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Why it failed' })).toHaveCount(0);
});

test('a service that starts crashing with no deployment is crash-looping', async ({ page }) => {
  await replaceTasks('cruddur-staging', 'notifications-worker', 'worker', 'crash');

  await page.goto('/clusters/cruddur-staging');
  const cluster = new ClusterPage(page);
  const row = cluster.serviceRow('notifications-worker');
  await expect(row).toContainText('crash looping', { timeout: 30_000 });
  await expect(row).toContainText(
    /\d+ tasks of notifications-worker:1 stopped in the last 10 minutes; the latest: worker exited with code 1/,
  );
  await expect(row).toContainText('COMPLETED');
});

test('scaling 1 to 3 reads "scaling", not "degraded"', async ({ page }) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'frontend-react-js');
  await expect(service.state).toContainText('steady');
  await ecs.send(
    new UpdateServiceCommand({ cluster: 'cruddur', service: 'frontend-react-js', desiredCount: 3 }),
  );
  await expect(service.state).toContainText('scaling');
  await expect(service.state).not.toContainText('degraded');
  await expect(service.state).toContainText('3 of 3 tasks healthy', { timeout: 30_000 });
});

test('a new task the load balancer finds unhealthy shows its target, the reason, and the state that follows', async ({
  page,
}) => {
  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  const targets = service.section('Load balancer targets');
  await expect(targets.locator('[data-target-state="healthy"]')).toHaveCount(1);
  await expect(targets).toContainText(
    'Health check: HTTP /api/health-check every 30s (timeout 5s): healthy after 5 passes, unhealthy after 2 failures, expects 200',
  );
  await expect(
    targets.getByRole('link', {
      name: /^cruddur-alb \(cruddur-alb-\d+\.us-east-1\.elb\.amazonaws\.com\)$/,
    }),
  ).toBeVisible();

  await markRunningImage('cruddur', 'backend-flask', 'backend-flask', 'unhealthy');
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'cruddur',
      service: 'backend-flask',
      forceNewDeployment: true,
    }),
  );
  const failing = targets.locator('[data-target-state="unhealthy"]');
  await expect(failing.first()).toContainText('Target.FailedHealthChecks: Health checks failed', {
    timeout: 30_000,
  });
  // The target names its task, and the service's state says the load balancer refuses it.
  await expect(failing.first().getByRole('link')).toHaveText(/^[0-9a-f]{12}$/);
  await expect(service.state).toContainText(
    /load balancer targets? unhealthy \(Target\.FailedHealthChecks\)/,
  );
});

test('a container that runs out of memory: the state and the post-mortem say OutOfMemory, and its memory chart climbed', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await replaceTasks('cruddur', 'backend-flask', 'backend-flask', 'oom');

  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  await expect(service.state).toContainText(
    'backend-flask exited with code 137 (OutOfMemoryError: Container killed due to memory usage)',
    { timeout: 45_000 },
  );
  const why = page.getByRole('region', { name: 'Why it failed' });
  await expect(why).toContainText('OutOfMemoryError: Container killed due to memory usage');
  // Charts are read once per metric period (60 s for an hour): the climb shows by the next one.
  await expect(service.section('Metrics').getByTestId('metric-summary').nth(1)).toHaveText(
    /^Memory avg \d+ %, max ([7-9]\d|100) % in the last hour\.$/,
    { timeout: 75_000 },
  );
});
