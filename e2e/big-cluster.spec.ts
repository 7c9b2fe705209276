/**
 * A cluster with more services than a page shows, a repository with more images than a page
 * shows, and refreshes that cost nothing when idle.
 */
import { CreateRepositoryCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { NETWORK } from '../sandbox/tests/harness';
import { ecr, ecs, resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

/** `count` services named svc-000…, none running a task (the table is what is measured). */
async function bigCluster(count: number) {
  await ecs.send(new CreateClusterCommand({ clusterName: 'big' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'big',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', essential: true }],
    }),
  );
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: 'big',
          serviceName: `svc-${String(i).padStart(3, '0')}`,
          taskDefinition: 'big',
          desiredCount: 0,
          networkConfiguration: NETWORK,
        }),
      ),
    ),
  );
}

test('120 services: 50 a page, filters and sorts over all of them', async ({ page }) => {
  await bigCluster(120);
  await page.goto('/clusters/big');
  const table = page.getByRole('table', { name: 'Services' });
  const names = () => table.getByRole('row').locator('td:first-child a').allTextContents();
  const pager = page.getByRole('navigation', { name: 'Services pages' });
  await expect(page.getByRole('heading', { name: 'Services (120)' })).toBeVisible();
  await expect(pager.getByTestId('services-range')).toHaveText('1–50 of 120 · page 1 of 3');
  expect((await names()).slice(0, 2)).toEqual(['svc-000', 'svc-001']);
  expect(await names()).toHaveLength(50);

  await pager.getByRole('link', { name: 'Next ›' }).click();
  await expect(page).toHaveURL(/\/clusters\/big\?page=2$/);
  await expect(pager.getByTestId('services-range')).toHaveText('51–100 of 120 · page 2 of 3');
  expect((await names())[0]).toBe('svc-050');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Sorting covers every service and starts again at page 1.
  await table.getByRole('link', { name: 'Service' }).click();
  await expect(page).toHaveURL(/sort=name&dir=desc$/);
  await expect(pager.getByTestId('services-range')).toHaveText('1–50 of 120 · page 1 of 3');
  expect((await names())[0]).toBe('svc-119');

  // So does the filter: 11 names hold "svc-11" (svc-011, svc-110…svc-119), one page, no pager.
  await page.getByRole('searchbox', { name: 'Filter services' }).fill('svc-11');
  await expect(page.getByRole('heading', { name: 'Services (10 of 120)' })).toBeVisible();
  await expect(pager).toHaveCount(0);

  // A page past the end shows the last one.
  await page.goto('/clusters/big?page=9');
  await expect(pager.getByTestId('services-range')).toHaveText('101–120 of 120 · page 3 of 3');
  await expect(pager.getByText('Next ›')).toHaveAttribute('aria-disabled', 'true');
});

/** An image of `repository` tagged `tag`, with a digest of its own. */
const pushImage = (repository: string, tag: string, i: number) =>
  ecr.send(
    new PutImageCommand({
      repositoryName: repository,
      imageTag: tag,
      imageManifest: JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: { size: 1_000, digest: `sha256:${String(i).padStart(64, '0')}` },
        layers: [{ size: 30_000_000, digest: `sha256:${String(i).padStart(64, '1')}` }],
      }),
    }),
  );

test('a repository of 121 images: 50 a page, newest first, every image on one page', async ({
  page,
}) => {
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'many' }));
  await Promise.all(Array.from({ length: 120 }, (_, i) => pushImage('many', `build-${i}`, i)));
  await new Promise((resolve) => setTimeout(resolve, 50));
  await pushImage('many', 'newest', 120);

  await page.goto('/repositories/many');
  await expect(page.getByRole('heading', { name: 'Images (121)' })).toBeVisible();
  const pager = page.getByRole('navigation', { name: 'Images pages' });
  const tags = () =>
    page.getByTestId('image').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tags')));
  await expect(pager.getByTestId('images-range')).toHaveText('1–50 of 121 · page 1 of 3');
  const seen = await tags();
  expect(seen).toHaveLength(50);
  expect(seen[0]).toBe('newest');

  await pager.getByRole('link', { name: 'Next ›' }).click();
  await expect(page).toHaveURL(/\/repositories\/many\?page=2$/);
  await expect(pager.getByTestId('images-range')).toHaveText('51–100 of 121 · page 2 of 3');
  seen.push(...(await tags()));
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await pager.getByRole('link', { name: 'Next ›' }).click();
  await expect(pager.getByTestId('images-range')).toHaveText('101–121 of 121 · page 3 of 3');
  seen.push(...(await tags()));
  // Each image on exactly one page.
  expect([...seen].sort()).toEqual(
    ['newest', ...Array.from({ length: 120 }, (_, i) => `build-${i}`)].sort(),
  );
  await pager.getByRole('link', { name: '‹ Previous' }).click();
  await expect(page).toHaveURL(/\/repositories\/many\?page=2$/);
  await pager.getByRole('link', { name: '‹ Previous' }).click();
  await expect(page).toHaveURL(/\/repositories\/many$/);
});

test('an unchanged page is not re-rendered; a change is drawn without a reload', async ({
  page,
}) => {
  const renders: string[] = [];
  const checks: number[] = [];
  page.on('request', (request) => {
    // A refresh of this page: an RSC request for it that is not a link's prefetch.
    const headers = request.headers();
    if (headers['rsc'] === '1' && !headers['next-router-prefetch']) renders.push(request.url());
  });
  page.on('response', async (response) => {
    if (response.url().includes('/api/changes?'))
      checks.push((await response.body().catch(() => Buffer.alloc(0))).length);
  });
  await page.goto('/clusters/cruddur');
  await expect(page.getByRole('row', { name: /frontend-react-js/ })).toContainText('1 / 1');
  // Three refresh periods (BERTH_REFRESH_SECONDS=2) with nothing changed.
  await expect.poll(() => checks.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  expect(renders).toEqual([]);
  expect(Math.max(...checks)).toBeLessThanOrEqual(2048);

  await ecs.send(
    new UpdateServiceCommand({ cluster: 'cruddur', service: 'frontend-react-js', desiredCount: 2 }),
  );
  await expect(page.getByRole('row', { name: /frontend-react-js/ })).toContainText('/ 2', {
    timeout: 10_000,
  });
  expect(renders.length).toBeGreaterThanOrEqual(1);
});
