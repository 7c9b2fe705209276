/**
 * The Logs Insights query box's action against the sandbox: the log groups come from the
 * service's task definition, the caller's role is checked before any AWS call, bad input
 * changes nothing, and viewers asking the same question share one query.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Query from '../actions/logs-query';
import { NETWORK } from '../../sandbox/tests/harness';
import { configure, setupBerth } from './setup-berth';

const request = { headers: new Headers() };
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(request.headers) }));

const SECRET = 'q'.repeat(40);
const berth = setupBerth({ seed: 'cruddur', speed: 50 });
let queryServiceLogs: typeof Query.queryServiceLogs;

function signIn(email: string) {
  request.headers = new Headers({ 'x-berth-proxy-secret': SECRET, 'x-forwarded-email': email });
}

const MARKER = `ERROR insights-${Date.now()}`;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-policy-'));
  writeFileSync(
    join(dir, 'policy.yaml'),
    `roles:
  viewer: { actions: [] }
  reader: { actions: [logs], clusters: ["cruddur"] }
bindings:
  - { user: reader@example.com, role: reader }
default: viewer
`,
  );
  configure({
    BERTH_AUTH: 'proxy',
    BERTH_PROXY_SECRET: SECRET,
    BERTH_POLICY_FILE: join(dir, 'policy.yaml'),
  });
  ({ queryServiceLogs } = await import('../actions/logs-query'));
  const stream = 'backend-flask/backend-flask/insights';
  await berth.harness.logs.send(
    new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: stream }),
  );
  const now = Date.now();
  // Another service writing into the same group: its lines are not this service's.
  const other = 'frontend-react-js/frontend-react-js/insights';
  await berth.harness.logs.send(
    new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: other }),
  );
  await berth.harness.logs.send(
    new PutLogEventsCommand({
      logGroupName: 'cruddur',
      logStreamName: other,
      logEvents: [{ timestamp: now - 1_500, message: `${MARKER} frontend` }],
    }),
  );
  await berth.harness.logs.send(
    new PutLogEventsCommand({
      logGroupName: 'cruddur',
      logStreamName: stream,
      logEvents: [
        { timestamp: now - 2_000, message: `${MARKER} first` },
        { timestamp: now - 1_000, message: `${MARKER} second` },
      ],
    }),
  );
});

afterAll(() =>
  configure({ BERTH_AUTH: undefined, BERTH_PROXY_SECRET: undefined, BERTH_POLICY_FILE: undefined }),
);

const form = (query: string, extra: Record<string, unknown> = {}) => ({
  cluster: 'cruddur',
  service: 'backend-flask',
  query,
  range: '15m',
  ...extra,
});

describe('the Logs Insights action', () => {
  it("queries the service's own log groups and answers the rows newest first", async () => {
    signIn('reader@example.com');
    await berth.resetStats();
    const result = await queryServiceLogs(
      form(`fields @message | filter @message like "${MARKER}" | sort @timestamp desc`),
    );
    expect(result.ok && [result.groups, result.fields, result.rows, result.recordsMatched]).toEqual(
      [['cruddur'], ['@message'], [[`${MARKER} second`], [`${MARKER} first`]], 2],
    );
    expect(result.ok && result.to - result.from).toBe(15 * 60_000);
    const { calls } = await berth.stats();
    expect(calls['logs:StartQuery']).toBe(1);
    expect(calls['logs:StopQuery'] ?? 0).toBe(0);
  });

  it('runs one query for viewers asking the same thing over the same minute', async () => {
    signIn('reader@example.com');
    await berth.resetStats();
    const query = form(`filter @message like "${MARKER}" | limit 1`);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => queryServiceLogs(query)));
    expect(answers.map((a) => a.ok && a.rows.length)).toEqual([1, 1, 1, 1, 1]);
    expect((await berth.stats()).calls['logs:StartQuery']).toBe(1);
  });

  it('keeps no answer once its query has ended: the same question asked again runs again', async () => {
    signIn('reader@example.com');
    await berth.resetStats();
    const query = form(`filter @message like "${MARKER}" | limit 2`);
    const first = await queryServiceLogs(query);
    const second = await queryServiceLogs(query);
    expect([first.ok && first.rows.length, second.ok && second.rows.length]).toEqual([2, 2]);
    expect((await berth.stats()).calls['logs:StartQuery']).toBe(2);
  });

  it('says where a query cannot be read', async () => {
    signIn('reader@example.com');
    expect(await queryServiceLogs(form('fields @message | dedup @message'))).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message:
          'Logs Insights cannot read this query: unexpected command "dedup": the sandbox runs fields, display, filter, sort, limit (characters 18–23).',
      },
    });
  });

  it('refuses a caller whose role may not read the logs, and bad input, before any AWS call', async () => {
    await berth.resetStats();
    signIn('someone@example.com');
    const refused = await queryServiceLogs(form('limit 1'));
    expect(refused.ok || refused.error.code).toBe('forbidden');
    signIn('reader@example.com');
    const cases: [Record<string, unknown>, string][] = [
      [
        form('   '),
        `Write a query, for example: ${'fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 100'}`,
      ],
      [form('limit 1', { range: '2h' }), 'Choose a range: 15m, 1h, 6h, 24h, 7d.'],
      [form('limit 1', { query: 42 }), 'Write a query.'],
      [form('x'.repeat(10_001)), 'Logs Insights takes queries of at most 10,000 characters.'],
      [form('limit 1', { logGroupName: 'other' }), 'Unrecognized key: "logGroupName"'],
      [
        form('limit 1', { cluster: 'cruddur/../prod' }),
        'Cluster names are 1-255 letters, digits, hyphens and underscores.',
      ],
    ];
    for (const [input, message] of cases)
      expect(await queryServiceLogs(input)).toEqual({
        ok: false,
        error: { code: 'invalid', message },
      });
    expect((await berth.stats()).total).toBe(0);
  });

  it('says when no container of the service logs to CloudWatch, before any query', async () => {
    signIn('reader@example.com');
    await berth.harness.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'quiet',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'app', image: 'nginx:1.27', essential: true }],
      }),
    );
    await berth.harness.ecs.send(
      new CreateServiceCommand({
        cluster: 'cruddur',
        serviceName: 'quiet',
        taskDefinition: 'quiet',
        desiredCount: 0,
        networkConfiguration: NETWORK,
      }),
    );
    await berth.resetStats();
    expect(await queryServiceLogs(form('limit 1', { service: 'quiet' }))).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: 'No container of quiet logs with the awslogs driver: there is nothing to query.',
      },
    });
    expect((await berth.stats()).calls['logs:StartQuery']).toBeUndefined();
  });

  it('names the call AWS kept throttling', async () => {
    signIn('reader@example.com');
    await berth.harness.withFaults(
      {
        throttleRate: 1,
        operations: ['logs:StartQuery'],
      },
      async () => {
        expect(await queryServiceLogs(form(`filter @message like "throttled-${MARKER}"`))).toEqual({
          ok: false,
          error: {
            code: 'throttled',
            message:
              'AWS is throttling logs:StartQuery and retries did not get through. Try again in a moment.',
          },
        });
      },
    );
  });

  it('names a service that does not exist', async () => {
    signIn('reader@example.com');
    expect(await queryServiceLogs(form('limit 1', { service: 'nope' }))).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'Service nope not found in cruddur.' },
    });
  });
});
