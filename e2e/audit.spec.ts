/** The audit page over a long trail: the newest actions, and a line saying where the page stops. */
import { randomUUID } from 'node:crypto';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { expect, test } from '@playwright/test';
import { ignoreAlreadyExists } from '../sandbox/tests/ignore-exists';
import { logs, resetSandboxBeforeEach } from './sandbox';

resetSandboxBeforeEach();

/**
 * `count` actions by `caller` on `service` of cruddur (backend-flask unless told; lines as Berth
 * writes them), `apartMs` apart, the last `endsAgoMs` ago (an hour unless told).
 */
async function writeActions(
  caller: string,
  count: number,
  action: (i: number) => string,
  outcome: (i: number) => string = () => 'ok',
  { apartMs = 1000, endsAgoMs = 3_600_000, service = 'backend-flask' } = {},
) {
  const group = '/berth/audit';
  const stream = `berth/e2e/${randomUUID()}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch(ignoreAlreadyExists);
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const start = Date.now() - endsAgoMs - count * apartMs;
  const logEvents = Array.from({ length: count }, (_, i) => {
    const at = start + i * apartMs;
    const entry = {
      v: 1,
      id: randomUUID(),
      at,
      caller,
      action: action(i),
      cluster: 'cruddur',
      service,
      input: {},
      outcome: outcome(i),
      message: `action ${i}`,
    };
    return { timestamp: at, message: JSON.stringify(entry) };
  });
  await logs.send(
    new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }),
  );
}

test('a trail longer than the page shows its newest actions and says so', async ({ page }) => {
  const who = `many-${Date.now()}@example.com`;
  // 210 actions: every tenth a scale, the rest redeploys.
  await writeActions(who, 210, (i) => (i % 10 === 0 ? 'scale' : 'redeploy'));

  await page.goto(`/audit?who=${encodeURIComponent(who)}`);
  const entries = page.getByTestId('audit-entry');
  await expect(entries.first()).toContainText('action 209');
  // Narrowed by person already: the note names only the filters left.
  await expect(page.getByTestId('audit-limit')).toHaveText(
    'The newest 200 actions. Narrow by cluster or action to see older ones.',
  );

  // Narrowed to the 21 scales, the whole answer fits and nothing is said.
  await page.goto(`/audit?who=${encodeURIComponent(who)}&action=scale`);
  await expect(entries).toHaveCount(21);
  await expect(entries.first()).toContainText('action 200');
  await expect(entries.last()).toContainText('action 0');
  await expect(page.getByTestId('audit-limit')).toHaveCount(0);

  // The service's History reads the same trail (30 days, one service) and says the same.
  await page.goto('/clusters/cruddur/services/backend-flask/history');
  await expect(entries.first()).toContainText('action 209');
  await expect(entries).toHaveCount(200);
  await expect(page.getByTestId('audit-limit')).toHaveText(
    'The newest 200 actions. Every action is in the log group /berth/audit.',
  );
});

test("a service's History under the limit says nothing of it", async ({ page }) => {
  await writeActions(`few-${Date.now()}@example.com`, 3, () => 'redeploy');
  await page.goto('/clusters/cruddur/services/backend-flask/history');
  await expect(page.getByTestId('audit-entry')).toHaveCount(3);
  await expect(page.getByTestId('audit-limit')).toHaveCount(0);
});

test('each result says what came of the action: done, failed, or no outcome recorded', async ({
  page,
}) => {
  const who = `outcomes-${Date.now()}@example.com`;
  await writeActions(
    who,
    3,
    () => 'scale',
    (i) => ['ok', 'error', 'started'][i]!,
  );
  for (const path of [
    `/audit?who=${encodeURIComponent(who)}`,
    '/clusters/cruddur/services/backend-flask/history',
  ]) {
    await page.goto(path);
    const results = page.getByTestId('audit-entry').locator('[data-outcome]');
    await expect(results).toHaveText(['action 2 (no outcome recorded)', 'action 1', 'action 0']);
    expect(
      await results.evaluateAll((spans) => spans.map((s) => s.getAttribute('data-outcome'))),
    ).toEqual(['started', 'error', 'ok']);
  }
});

test('a trail too busy to read back in one go says older actions may be missing', async ({
  page,
}) => {
  const who = `burst-${Date.now()}@example.com`;
  // 2000 actions in 20 s six days ago, then 50 in the last hour.
  await writeActions(who, 2000, () => 'redeploy', undefined, {
    apartMs: 10,
    endsAgoMs: 6 * 86_400_000,
  });
  await writeActions(who, 50, () => 'scale', undefined, { apartMs: 60_000, endsAgoMs: 1000 });
  await page.goto(`/audit?who=${encodeURIComponent(who)}`);
  await expect(page.getByTestId('audit-entry')).toHaveCount(50);
  await expect(page.getByTestId('audit-limit')).toHaveText(
    'The newest 50 actions Berth could read in one go: the trail is too busy there to read further back, so older ones may be missing. Narrow by cluster or action to see older ones.',
  );

  // Only the burst's redeploys: the read runs out before it reaches any, and says so rather than
  // "No action matches in the last 7 days".
  await page.goto(`/audit?who=${encodeURIComponent(who)}&action=redeploy`);
  await expect(page.getByText('None in the part of the trail Berth could read.')).toBeVisible();
  await expect(page.getByTestId('audit-entry')).toHaveCount(0);
  await expect(page.getByTestId('audit-limit')).toHaveText(
    'The trail is too busy to read back far enough in one go, so actions may be missing. Narrow by cluster to see older ones.',
  );

  // Every filter set: nothing left to narrow by, so the note says where the whole trail is.
  await page.goto(`/audit?who=${encodeURIComponent(who)}&cluster=cruddur&action=redeploy`);
  await expect(page.getByTestId('audit-limit')).toHaveText(
    'The trail is too busy to read back far enough in one go, so actions may be missing. Every action is in the log group /berth/audit.',
  );
});

test("a service's History whose only actions sit in a burst it cannot read back to says so", async ({
  page,
}) => {
  // History reads 30 days, and its windows are cut in proportion (newest-first.ts): a burst 3
  // days ago is out of its reach in 12 calls as one 6 days ago is out of /audit's 7.
  await writeActions(`burst-${Date.now()}@example.com`, 2000, () => 'redeploy', undefined, {
    apartMs: 10,
    endsAgoMs: 3 * 86_400_000,
    service: 'frontend-react-js',
  });
  await page.goto('/clusters/cruddur/services/frontend-react-js/history');
  await expect(page.getByText('None in the part of the trail Berth could read.')).toBeVisible();
  await expect(page.getByTestId('audit-entry')).toHaveCount(0);
  await expect(page.getByTestId('audit-limit')).toHaveText(
    'The trail is too busy to read back far enough in one go, so actions may be missing. Every action is in the log group /berth/audit.',
  );
});
