/** Register task definitions and deploy a new image from the browser. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutImageCommand } from '@aws-sdk/client-ecr';
import { DescribeTaskDefinitionCommand, paginateListTaskDefinitions } from '@aws-sdk/client-ecs';
import { expect, test } from '@playwright/test';
import { stripReadOnly } from '../lib/schemas/task-definition';
import { ServicePage } from './pages/berth';
import { ecr, ecs, resetSandboxBeforeEach } from './sandbox';

const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));

async function revisionCount(family: string) {
  let count = 0;
  for await (const page of paginateListTaskDefinitions({ client: ecs }, { familyPrefix: family }))
    count += page.taskDefinitionArns?.length ?? 0;
  return count;
}

/** The seed's backend-flask (with the X-Ray sidecar) as describe-task-definition prints it. */
async function describeOutput(
  change: (definition: Record<string, unknown>) => void = () => undefined,
) {
  const out = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:2' }),
  );
  const definition = { ...(out.taskDefinition as Record<string, unknown>) };
  change(definition);
  const path = join(dir, `backend-flask-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ taskDefinition: definition, tags: [] }, null, 2));
  return path;
}

resetSandboxBeforeEach();

test('registers the seed backend-flask from pasted JSON and shows the new revision', async ({
  page,
}) => {
  await page.goto('/task-definitions/new');
  await page.getByLabel('Upload JSON file').setInputFiles(await describeOutput());
  await expect(page.getByTestId('json-editor')).toContainText('aws-xray-daemon');
  await page.getByRole('button', { name: 'Check and compare' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Valid.' })).toContainText(
    'Changes against backend-flask:2',
  );
  await page.getByRole('button', { name: 'Register revision' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Registered' })).toContainText(
    'Registered backend-flask:3.',
  );
  await page.getByRole('status').getByRole('link', { name: 'Open' }).click();
  await expect(page.getByRole('heading', { name: 'backend-flask:3', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Container xray' })).toContainText('X-Ray daemon');
  await expect(page.getByRole('region', { name: 'Container backend-flask' })).toContainText(
    'python /backend-flask/bin/flask/health-check',
  );
  // Secrets by reference only; secret-looking env values masked until clicked.
  await expect(page.getByRole('table', { name: 'Secrets of backend-flask' })).toContainText(
    'from arn:aws:ssm:',
  );
  const environment = page.getByRole('table', { name: 'Environment of backend-flask' });
  await expect(environment).toContainText('https://cruddur.example.com');
  await expect(environment).not.toContainText('hcaik_01hsandbox');
  await page.getByRole('button', { name: 'Show value of HONEYCOMB_API_KEY' }).click();
  await expect(environment).toContainText('hcaik_01hsandboxnotarealkey');
});

test('an unrevealed secret value is in neither the HTML nor the RSC payload; Show asks the server for it', async ({
  page,
  request,
}) => {
  const url = '/task-definitions/backend-flask/2';
  const html = await (await request.get(url)).text();
  expect(html).toContain('HONEYCOMB_API_KEY');
  expect(html).not.toContain('hcaik_');
  const rsc = await (await request.get(url, { headers: { RSC: '1' } })).text();
  expect(rsc).toContain('HONEYCOMB_API_KEY');
  expect(rsc).not.toContain('hcaik_');

  await page.goto(url);
  const environment = page.getByRole('table', { name: 'Environment of backend-flask' });
  await page.getByRole('button', { name: 'Show value of HONEYCOMB_API_KEY' }).click();
  await expect(environment).toContainText('hcaik_01hsandboxnotarealkey0000000000');
  await page.goto('/task-definitions/backend-flask/2?tab=json');
  await expect(page.locator('body')).not.toContainText('hcaik_');
});

test('an invalid Fargate size is refused with the field and its valid values, and nothing is registered', async ({
  page,
}) => {
  const before = await revisionCount('backend-flask');
  await page.goto('/task-definitions/new');
  await page
    .getByLabel('Upload JSON file')
    .setInputFiles(await describeOutput((d) => (d.memory = '4096')));
  await page.getByRole('button', { name: 'Check and compare' }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'Not registered' });
  await expect(problems).toContainText('memory');
  await expect(problems).toContainText(
    'memory 4096 does not go with cpu 256 on Fargate: use 512, 1024 or 2048.',
  );
  await expect(problems).toContainText(/line \d+/);
  await expect(page.getByRole('button', { name: 'Register revision' })).toBeDisabled();
  expect(await revisionCount('backend-flask')).toBe(before);
});

test('deploys a newly pushed image to backend-flask from the Images view and the rollout completes', async ({
  page,
}) => {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    layers: [{ size: 64_000_000, digest: `sha256:${'e'.repeat(64)}` }],
  });
  await ecr.send(
    new PutImageCommand({
      repositoryName: 'backend-flask',
      imageTag: 'v3',
      imageManifest: manifest,
    }),
  );

  await page.goto('/repositories/backend-flask');
  const row = page.getByTestId('image').filter({ has: page.getByText('v3', { exact: true }) });
  await row.getByRole('button', { name: 'Deploy…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deploy…' });
  await dialog
    .getByRole('combobox')
    .selectOption({ label: 'cruddur/backend-flask · backend-flask' });
  await expect(dialog.getByLabel('Changes')).toContainText('backend-flask:v3');
  await dialog.getByRole('button', { name: 'Register and deploy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Registered' })).toContainText(
    /Registered backend-flask:3 with backend-flask on .*backend-flask:v3; deployment ecs-svc\/\d{19} started\./,
  );

  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  const deployments = service.section('Deployments');
  await expect(deployments.getByTestId('deployment')).toHaveCount(1, { timeout: 30_000 });
  await expect(deployments).toContainText('COMPLETED');
  await expect(deployments).toContainText('backend-flask:3');
  await expect(service.container('backend-flask')).toContainText('backend-flask:v3');
  await expect(service.container('backend-flask')).toContainText('HEALTHY');
});

test('edits backend-flask in the revision editor (image and an env var), shows the diff, registers and deploys; form and JSON stay in sync', async ({
  page,
}) => {
  const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  await ecr.send(
    new PutImageCommand({
      repositoryName: 'backend-flask',
      imageTag: 'v4',
      imageManifest: JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        layers: [{ size: 1_000, digest: `sha256:${'d'.repeat(64)}` }],
      }),
    }),
  );
  const service = new ServicePage(page);
  await service.open('cruddur', 'backend-flask');
  await page.getByRole('link', { name: 'Edit and deploy…' }).click();
  await expect(
    page.getByRole('heading', { name: 'New revision from backend-flask:2', level: 1 }),
  ).toBeVisible();

  // JSON → form: text typed in the JSON view is what the form shows.
  const { taskDefinition } = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:2' }),
  );
  const registration = stripReadOnly(
    JSON.parse(JSON.stringify(taskDefinition)) as Record<string, unknown>,
  ) as {
    containerDefinitions: { name: string; environment?: { name: string; value: string }[] }[];
  } & Record<string, unknown>;
  for (const variable of registration.containerDefinitions[1]?.environment ?? []) {
    if (variable.name === 'HONEYCOMB_API_KEY') variable.value = '••••••';
    if (variable.name === 'BACKEND_URL') variable.value = 'https://api.json.example';
  }
  await page.getByRole('tab', { name: 'JSON' }).click();
  await page.getByTestId('json-editor').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(JSON.stringify(registration, null, 2));
  await page.getByRole('tab', { name: 'Form' }).click();
  const flask = page.getByRole('group', { name: 'Container backend-flask' });
  await expect(flask.getByLabel('Value of BACKEND_URL')).toHaveValue('https://api.json.example');
  // The secret stays masked and is kept unless typed again.
  const key = flask.getByLabel('Value (masked) of HONEYCOMB_API_KEY');
  await expect(key).toHaveAttribute('type', 'password');
  await expect(key).toHaveValue('');
  await expect(key).toHaveAttribute('placeholder', 'unchanged from backend-flask:2');

  // Form → JSON.
  await flask.getByLabel('Image').fill(`${registry}/backend-flask:v4`);
  await flask.getByLabel('Value of FRONTEND_URL').fill('https://form.example');
  await page.getByRole('tab', { name: 'JSON' }).click();
  const editor = page.getByTestId('json-editor');
  await editor.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+F');
  await page.keyboard.type('https://form.example');
  await page.keyboard.press('Enter');
  await expect(editor.locator('.cm-content')).toContainText('"value": "https://form.example"');
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(flask.getByLabel('Value of FRONTEND_URL')).toHaveValue('https://form.example');

  await page.getByRole('button', { name: 'Check and compare' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Valid.' })).toContainText(
    'Changes against backend-flask:2',
  );
  const diff = page.getByLabel('Changes');
  await expect(diff).toContainText(`+      "image": "${registry}/backend-flask:v4",`);
  await expect(diff).toContainText('+          "value": "https://form.example"');
  await expect(diff).toContainText('+          "value": "https://api.json.example"');
  await expect(diff).not.toContainText('hcaik_');
  await expect(diff).not.toContainText('+          "value": "••••••');
  await page.getByRole('button', { name: 'Register and deploy to backend-flask' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Registered' })).toContainText(
    /^Registered backend-flask:3 and started deploying it to backend-flask: deployment ecs-svc\/\d{19}\. Follow the rollout$/,
  );
  await page.getByRole('link', { name: 'Follow the rollout' }).click();
  const deployments = service.section('Deployments');
  await expect(deployments.getByTestId('deployment')).toHaveCount(1, { timeout: 30_000 });
  await expect(deployments).toContainText('COMPLETED');
  await expect(deployments).toContainText('backend-flask:3');
  await expect(service.container('backend-flask')).toContainText('backend-flask:v4');

  const { taskDefinition: registered } = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'backend-flask:3' }),
  );
  const environment = Object.fromEntries(
    (registered?.containerDefinitions?.[1]?.environment ?? []).map(
      (e) => [e.name ?? '', e.value ?? ''] as const,
    ),
  );
  expect(environment).toMatchObject({
    FRONTEND_URL: 'https://form.example',
    BACKEND_URL: 'https://api.json.example',
    HONEYCOMB_API_KEY: 'hcaik_01hsandboxnotarealkey0000000000',
  });
});
