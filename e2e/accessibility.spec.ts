/**
 * What every person sees: axe-core finds no violation on the main pages, in light and dark,
 * and at phone width (390×844) no page scrolls sideways.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

/** The pages, each with a heading that says it has rendered. */
async function pages(page: Page): Promise<{ path: string; heading: string | RegExp }[]> {
  await page.goto('/clusters/cruddur/services/backend-flask');
  const taskHref = await page
    .getByRole('region', { name: /^Tasks/ })
    .getByRole('link')
    .filter({ hasText: /^[0-9a-f]{12}$/ })
    .first()
    .getAttribute('href');
  return [
    { path: '/', heading: 'Clusters' },
    { path: '/clusters/cruddur', heading: 'cruddur' },
    { path: '/clusters/cruddur/services/backend-flask', heading: 'backend-flask' },
    { path: taskHref ?? '/missing-task', heading: /^Task / },
    { path: '/clusters/cruddur/services/backend-flask/logs', heading: 'backend-flask' },
    { path: '/clusters/cruddur/services/backend-flask/history', heading: 'backend-flask' },
    { path: '/task-definitions', heading: 'Task definitions' },
    { path: '/task-definitions/backend-flask', heading: 'backend-flask' },
    { path: '/task-definitions/backend-flask/2', heading: /backend-flask:2/ },
    { path: '/task-definitions/new', heading: /Register/ },
    {
      path: '/task-definitions/new?from=backend-flask:2&cluster=cruddur&service=backend-flask',
      heading: 'New revision from backend-flask:2',
    },
    { path: '/repositories', heading: 'Repositories' },
    { path: '/audit', heading: 'Audit' },
    { path: '/repositories/backend-flask', heading: 'backend-flask' },
  ];
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no axe violations on any page (${scheme})`, async ({ page }) => {
    // Every page, each through axe: ~40 s on an idle 2-core machine, so more than the default.
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    for (const { path, heading } of await pages(page)) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      // The theme follows the system's choice when none is stored.
      expect(await page.evaluate(() => document.documentElement.className)).toBe(
        scheme === 'dark' ? 'dark' : '',
      );
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations) {
        found.push(
          `${path}: ${v.id} (${v.nodes.length}) ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
        );
      }
    }
    expect(found).toEqual([]);
  });
}

test('no page scrolls sideways on a 390×844 phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const wide: string[] = [];
  for (const { path, heading } of await pages(page)) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    if (scrollWidth > innerWidth) wide.push(`${path}: ${scrollWidth}px`);
  }
  expect(wide).toEqual([]);

  // A confirmation opens as a sheet that fits the screen.
  await page.goto('/clusters/cruddur/services/backend-flask/history');
  await page
    .getByRole('region', { name: 'Roll back' })
    .getByRole('button', { name: 'Roll back' })
    .click();
  const sheet = await page.getByRole('dialog', { name: 'Roll back' }).boundingBox();
  expect(sheet && sheet.x >= 0 && sheet.x + sheet.width <= 390).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
});

test('the theme toggle goes system → light → dark, and the choice outlives a reload', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const html = page.locator('html');
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveText('Theme: system');
  await expect(html).toHaveClass('dark');
  await toggle.click();
  await expect(toggle).toHaveText('Theme: light');
  await expect(html).toHaveClass('');
  await page.reload();
  await expect(html).toHaveClass('');
  await expect(toggle).toHaveText('Theme: light');
  await toggle.click();
  await expect(toggle).toHaveText('Theme: dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(html).toHaveClass('dark');
  await toggle.click();
  await expect(toggle).toHaveAccessibleName('Theme: system. Switch to light');
  await expect(html).toHaveClass('');
});
