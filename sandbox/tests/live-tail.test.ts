/** StartLiveTail over HTTP/1.1 with the real SDK: the event stream, filtering, sampling. */
import {
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });

async function groupArn(name: string) {
  const { logGroups = [] } = await h.logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: name }),
  );
  return logGroups.find((g) => g.logGroupName === name)?.logGroupArn ?? '';
}

/** Reads the stream until `done` says so or `ms` pass; aborts the session after. */
async function tail(
  input: ConstructorParameters<typeof StartLiveTailCommand>[0],
  done: (updates: StartLiveTailResponseStream[]) => boolean,
  ms = 8000,
) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  const seen: StartLiveTailResponseStream[] = [];
  try {
    const response = await h.logs.send(new StartLiveTailCommand(input), {
      abortSignal: abort.signal,
    });
    for await (const item of response.responseStream ?? []) {
      seen.push(item);
      if (done(seen)) break;
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return seen;
}

describe('StartLiveTail', () => {
  it('starts a session and delivers a new line within a couple of updates', async () => {
    const arn = await groupArn('cruddur');
    await h.logs.send(
      new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: 'test/marker' }),
    );
    setTimeout(() => {
      void h.logs.send(
        new PutLogEventsCommand({
          logGroupName: 'cruddur',
          logStreamName: 'test/marker',
          logEvents: [{ timestamp: Date.now(), message: 'marker-7f3a' }],
        }),
      );
    }, 300);
    const seen = await tail(
      {
        logGroupIdentifiers: [arn],
        logStreamNamePrefixes: ['test/'],
        logEventFilterPattern: 'marker',
      },
      (items) =>
        items.some((i) =>
          i.sessionUpdate?.sessionResults?.some((r) => r.message === 'marker-7f3a'),
        ),
    );
    expect(seen[0]?.sessionStart).toMatchObject({
      logGroupIdentifiers: [arn],
      logStreamNamePrefixes: ['test/'],
      logEventFilterPattern: 'marker',
    });
    const result = seen
      .flatMap((i) => i.sessionUpdate?.sessionResults ?? [])
      .find((r) => r.message === 'marker-7f3a');
    expect(result).toMatchObject({ logStreamName: 'test/marker', logGroupIdentifier: arn });
    expect(typeof result?.timestamp).toBe('number');
  });

  it('sends an update every second even when nothing matches', async () => {
    const arn = await groupArn('cruddur');
    const seen = await tail(
      { logGroupIdentifiers: [arn], logEventFilterPattern: 'no-such-line-ever' },
      (items) => items.filter((i) => i.sessionUpdate).length >= 2,
    );
    expect(seen.filter((i) => i.sessionUpdate).map((i) => i.sessionUpdate?.sessionResults)).toEqual(
      [[], []],
    );
  });

  it('samples above 500 events per update and says so', async () => {
    const arn = await groupArn('cruddur');
    await h.logs.send(
      new CreateLogStreamCommand({ logGroupName: 'cruddur', logStreamName: 'test/burst' }),
    );
    setTimeout(() => {
      const now = Date.now();
      void h.logs.send(
        new PutLogEventsCommand({
          logGroupName: 'cruddur',
          logStreamName: 'test/burst',
          logEvents: Array.from({ length: 2000 }, (_, i) => ({
            timestamp: now,
            message: `burst ${i}`,
          })),
        }),
      );
    }, 200);
    const seen = await tail(
      { logGroupIdentifiers: [arn], logStreamNames: ['test/burst'] },
      (items) => items.some((i) => i.sessionUpdate?.sessionMetadata?.sampled),
    );
    const update = seen.find((i) => i.sessionUpdate?.sessionMetadata?.sampled)?.sessionUpdate;
    expect(update?.sessionResults).toHaveLength(500);
  });

  it('refuses identifiers that are not log group ARNs, and prefixes across several groups', async () => {
    await expect(
      h.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: ['cruddur'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const arns = [await groupArn('cruddur'), await groupArn('cruddur-staging')];
    await expect(
      h.logs.send(
        new StartLiveTailCommand({ logGroupIdentifiers: arns, logStreamNamePrefixes: ['x'] }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});
