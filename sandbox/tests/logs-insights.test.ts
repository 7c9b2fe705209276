/** Logs Insights, log group fields and retention, through the real CloudWatch Logs client. */
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  GetLogGroupFieldsCommand,
  GetQueryResultsCommand,
  MalformedQueryException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'empty', speed: 100 });
const GROUP = 'insights';
let base = 0;

beforeAll(async () => {
  await h.logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await h.logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'web/1' }));
  base = Math.floor(h.sandbox.world().now() / 1000) * 1000 - 60_000;
  await h.logs.send(
    new PutLogEventsCommand({
      logGroupName: GROUP,
      logStreamName: 'web/1',
      logEvents: [
        { timestamp: base, message: 'GET / 200' },
        { timestamp: base + 1_000, message: '{"level":"ERROR","msg":"db timeout"}' },
        { timestamp: base + 2_000, message: 'ERROR worker crashed' },
        { timestamp: base + 3_000, message: 'GET /health 200' },
      ],
    }),
  );
});

async function results(queryString: string) {
  const { queryId } = await h.logs.send(
    new StartQueryCommand({
      logGroupName: GROUP,
      startTime: base / 1000 - 1,
      endTime: base / 1000 + 10,
      queryString,
    }),
  );
  return eventually('the query to complete', async () => {
    const answer = await h.logs.send(new GetQueryResultsCommand({ queryId }));
    return answer.status === 'Complete' ? answer : undefined;
  });
}

describe('Logs Insights', () => {
  it('answers the error query with the fields asked, newest first, and its statistics', async () => {
    const answer = await results(
      'fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 100',
    );
    expect(
      answer.results?.map((row) => row.filter((f) => f.field !== '@ptr').map((f) => f.value)),
    ).toEqual([
      [
        new Date(base + 2_000).toISOString().replace('T', ' ').replace('Z', ''),
        'ERROR worker crashed',
      ],
      [
        new Date(base + 1_000).toISOString().replace('T', ' ').replace('Z', ''),
        '{"level":"ERROR","msg":"db timeout"}',
      ],
    ]);
    expect(answer.results?.[0]?.at(-1)?.field).toBe('@ptr');
    expect(answer.statistics).toEqual({ recordsMatched: 2, recordsScanned: 4, bytesScanned: 80 });
  });

  it('discovers JSON fields and filters on them', async () => {
    const answer = await results('filter level = "ERROR" | display msg');
    expect(answer.results?.map((row) => row.map((f) => f.field))).toEqual([['msg', '@ptr']]);
    expect(answer.results?.[0]?.[0]?.value).toBe('db timeout');
  });

  it('reads Running until done, can be stopped only then, and reports compile errors', async () => {
    const { queryId } = await h.logs.send(
      new StartQueryCommand({
        logGroupName: GROUP,
        startTime: 0,
        endTime: base / 1000 + 10,
        queryString: 'limit 1',
      }),
    );
    const first = await h.logs.send(new GetQueryResultsCommand({ queryId }));
    expect([first.status, first.results]).toEqual(['Running', []]);
    expect((await h.logs.send(new StopQueryCommand({ queryId }))).success).toBe(true);
    expect((await h.logs.send(new GetQueryResultsCommand({ queryId }))).status).toBe('Cancelled');
    await expect(h.logs.send(new StopQueryCommand({ queryId }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: `Query ${queryId} is not running.`,
    });
    const refused = await h.logs
      .send(
        new StartQueryCommand({
          logGroupName: GROUP,
          startTime: 0,
          endTime: 1,
          queryString: 'fields @message | parse @message "* *" as a, b',
        }),
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MalformedQueryException);
    expect((refused as MalformedQueryException).queryCompileError).toEqual({
      location: { startCharOffset: 18, endCharOffset: 23 },
      message: 'unexpected command "parse": the sandbox runs fields, display, filter, sort, limit',
    });
    await expect(
      h.logs.send(
        new StartQueryCommand({
          logGroupName: 'nope',
          startTime: 0,
          endTime: 1,
          queryString: 'limit 1',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      h.logs.send(
        new StartQueryCommand({
          logGroupName: GROUP,
          startTime: 10,
          endTime: 1,
          queryString: 'limit 1',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'endTime must be greater than or equal to startTime.',
    });
  });

  it('names the fields of the last 15 minutes with their share of events', async () => {
    const { logGroupFields } = await h.logs.send(
      new GetLogGroupFieldsCommand({ logGroupName: GROUP, time: base / 1000 + 10 }),
    );
    expect(Object.fromEntries(logGroupFields!.map((f) => [f.name, f.percent]))).toEqual({
      '@timestamp': 100,
      '@message': 100,
      '@logStream': 100,
      '@log': 100,
      '@ingestionTime': 100,
      level: 25,
      msg: 25,
    });
  });
});

describe('log group retention', () => {
  const retention = async () =>
    (await h.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }))).logGroups?.[0]
      ?.retentionInDays;

  it('sets and removes a retention period, refusing one CloudWatch does not offer', async () => {
    expect(await retention()).toBeUndefined();
    await h.logs.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: 30 }));
    expect(await retention()).toBe(30);
    await expect(
      h.logs.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: 2 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
    });
    expect(await retention()).toBe(30);
    await h.logs.send(new DeleteRetentionPolicyCommand({ logGroupName: GROUP }));
    expect(await retention()).toBeUndefined();
  });
});
