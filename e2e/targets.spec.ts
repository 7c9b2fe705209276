/**
 * Every account and region in one place: a Berth with e2e/fixtures/targets.yaml (prod in the
 * sandbox's base account, staging through a role in 222222222222, broken with the wrong external
 * id) against a SANDBOX_SEED=multi sandbox, in a real browser.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { MULTI_SANDBOX_URL, TARGETS_URL } from '../playwright.config';

test.use({ baseURL: TARGETS_URL });

test.beforeEach(async ({ request }) => {
  await request.post(`${MULTI_SANDBOX_URL}/_sandbox/reset`, { data: {} });
});

type CallsByWorld = Record<string, Record<string, number>>;
const callsByWorld = async (page: Page): Promise<CallsByWorld> =>
  (
    (await (await page.request.get(`${MULTI_SANDBOX_URL}/_sandbox/stats`)).json()) as {
      byWorld: CallsByWorld;
    }
  ).byWorld;

/** The overview's group for one region of one target, found by its heading. */
const group = (page: Page, heading: string) => page.getByRole('region', { name: heading });

const ROLE_REFUSED =
  'Berth could not assume arn:aws:iam::222222222222:role/berth for target broken: User: arn:aws:iam::111111111111:user/berth is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/berth.';

test('the overview groups every cluster by target and region; the unreachable target shows its error', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Clusters', level: 1 })).toBeVisible();
  await expect(page.getByRole('region').getByRole('heading', { level: 2 })).toHaveText([
    'prod (111111111111, ca-central-1)',
    'staging (222222222222, us-east-1)',
    'staging (222222222222, ca-central-1)',
    'broken (222222222222, us-east-1)',
  ]);
  const prod = group(page, 'prod (111111111111, ca-central-1)');
  await expect(prod.getByRole('link', { name: 'cruddur', exact: true })).toHaveAttribute(
    'href',
    // The first target's first region is the default place: today's URLs.
    '/clusters/cruddur',
  );
  await expect(prod.getByRole('row')).toHaveCount(2);
  const staging = group(page, 'staging (222222222222, us-east-1)');
  await expect(staging.getByRole('link', { name: 'cruddur-staging', exact: true })).toHaveAttribute(
    'href',
    '/t/staging/us-east-1/clusters/cruddur-staging',
  );
  await expect(staging.getByRole('row')).toHaveCount(2);
  await expect(group(page, 'staging (222222222222, ca-central-1)')).toContainText(
    'No ECS clusters in this region.',
  );
  const broken = group(page, 'broken (222222222222, us-east-1)').getByRole('alert');
  await expect(broken).toContainText('Access denied');
  await expect(broken).toContainText(ROLE_REFUSED);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});

test('a redeploy in staging reaches 222222222222/us-east-1 only, and its confirmation names the target', async ({
  page,
}) => {
  await page.goto('/');
  await group(page, 'staging (222222222222, us-east-1)')
    .getByRole('link', { name: 'cruddur-staging', exact: true })
    .click();
  await expect(page).toHaveURL(`${TARGETS_URL}/t/staging/us-east-1/clusters/cruddur-staging`);
  await expect(page.getByRole('heading', { name: 'cruddur-staging', level: 1 })).toBeVisible();
  // The header marks the page with its target.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByTestId('place-name')).toHaveText(
    'staging (222222222222, us-east-1)',
  );
  await page
    .getByRole('table', { name: 'Services' })
    .getByRole('link', { name: 'backend-flask', exact: true })
    .click();
  await expect(page).toHaveURL(
    `${TARGETS_URL}/t/staging/us-east-1/clusters/cruddur-staging/services/backend-flask`,
  );
  await expect(page.getByRole('heading', { name: 'backend-flask', level: 1 })).toBeVisible();
  await page.request.post(`${MULTI_SANDBOX_URL}/_sandbox/stats/reset`);

  await page.getByRole('button', { name: 'Redeploy', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Redeploy' });
  await expect(dialog.getByTestId('change-place')).toHaveText(
    'In staging (222222222222, us-east-1)',
  );
  await dialog.getByRole('button', { name: /^Confirm/ }).click();
  await expect(page.getByRole('status').filter({ hasNotText: /^$/ }).last()).toContainText(
    /Redeploy of backend-flask started: deployment ecs-svc\/\d{19}\./,
  );
  const byWorld = await callsByWorld(page);
  expect(byWorld['222222222222/us-east-1']?.['ecs:UpdateService']).toBe(1);
  const updatesElsewhere = Object.entries(byWorld)
    .filter(([world, calls]) => world !== '222222222222/us-east-1' && calls['ecs:UpdateService'])
    .map(([world]) => world);
  expect(updatesElsewhere).toEqual([]);
  // The audit line names the target and region.
  await page.goto('/t/staging/us-east-1/audit');
  await expect(page.getByTestId('audit-place').first()).toHaveText('staging · us-east-1');
});

test("today's URLs show the first target; a target or region not in the file is a 404 that says so", async ({
  page,
}) => {
  await page.goto('/clusters/cruddur');
  await expect(page.getByRole('heading', { name: 'cruddur', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByTestId('place-name')).toHaveText(
    'prod (111111111111, ca-central-1)',
  );
  const unknown = await page.request.get('/t/qa/us-east-1/clusters/cruddur');
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toBe(
    await page.request.get('/t/qa/us-east-1/').then((r) => r.text()),
  );
  const wrongRegion = await page.request.get('/t/prod/eu-west-1/clusters/cruddur');
  expect(wrongRegion.status()).toBe(404);
  // A caller's own place header names a place as its URL could; one Berth lacks is dropped.
  const named = async (place: string) =>
    (await page.request.get('/task-definitions', { headers: { 'x-berth-place': place } })).text();
  expect(await named('staging/us-east-1')).toContain('backend-flask-staging');
  const dropped = await named('qa/us-east-1');
  expect([
    dropped.includes('backend-flask-staging'),
    dropped.includes('frontend-react-js'),
  ]).toEqual([false, true]);
});

test('the switcher lists every place and keeps a list page', async ({ page }) => {
  await page.goto('/t/staging/us-east-1/task-definitions');
  await page.getByRole('navigation', { name: 'Main' }).getByLabel('Switch target').click();
  const choices = page.getByRole('navigation', { name: 'Main' }).getByRole('listitem');
  await expect(choices).toHaveText([
    'prod · ca-central-1',
    'staging · us-east-1',
    'staging · ca-central-1',
    'broken · us-east-1',
  ]);
  await expect(choices.getByRole('link', { name: 'prod · ca-central-1' })).toHaveAttribute(
    'href',
    '/task-definitions',
  );
  await expect(choices.getByRole('link', { name: 'staging · us-east-1' })).toHaveAttribute(
    'aria-current',
    'page',
  );
});
