/** Page objects: what a person sees on each Berth page, found by role and accessible name. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ClustersPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Clusters', level: 1 })).toBeVisible();
  }

  row(cluster: string): Locator {
    return this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: cluster, exact: true }) });
  }

  async openCluster(cluster: string) {
    await this.page.getByRole('link', { name: cluster, exact: true }).click();
    await expect(this.page.getByRole('heading', { name: cluster, level: 1 })).toBeVisible();
    return new ClusterPage(this.page);
  }
}

export class ClusterPage {
  constructor(readonly page: Page) {}

  get services(): Locator {
    return this.page.getByRole('table', { name: 'Services' });
  }

  serviceRow(service: string): Locator {
    return this.services
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: service, exact: true }) });
  }

  async openService(service: string) {
    await this.services.getByRole('link', { name: service, exact: true }).click();
    await expect(this.page.getByRole('heading', { name: service, level: 1 })).toBeVisible();
    return new ServicePage(this.page);
  }
}

export class ServicePage {
  constructor(readonly page: Page) {}

  async open(cluster: string, service: string) {
    await this.page.goto(`/clusters/${cluster}/services/${service}`);
    await expect(this.page.getByRole('heading', { name: service, level: 1 })).toBeVisible();
  }

  section(name: string): Locator {
    return this.page.getByRole('region', { name });
  }

  /** The state line in the page header: badge, reason and, for a failure, when. */
  get state(): Locator {
    return this.page.getByTestId('service-state').first();
  }

  get tasks(): Locator {
    return this.page.getByRole('region', { name: /^Tasks/ });
  }

  /** The first row for a container (by exact name, or a name prefix like ecs-service-connect-). */
  container(name: string, { prefix = false } = {}): Locator {
    return this.tasks.locator(`[data-container${prefix ? '^' : ''}="${name}"]`).first();
  }

  get revisionDrift(): Locator {
    return this.page.getByTestId('drift-revision');
  }
}

/** Actions open a confirmation dialog first; this confirms one and returns its message. */
export async function confirmAction(
  page: Page,
  label: string,
  fill?: (dialog: Locator) => Promise<void>,
) {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: label });
  await expect(dialog).toBeVisible();
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: /^Confirm|^Apply/ }).click();
  return page.getByRole('status').filter({ hasNotText: /^$/ }).last();
}
