/**
 * StartLiveTail's account quota and its ends, with the real SDK: LimitExceededException past
 * the concurrent-session quota, a session freed by its client leaving, and the admin API
 * ending sessions cleanly or with SessionTimeoutException (as AWS does at 3 hours).
 */
import {
  DescribeLogGroupsCommand,
  LimitExceededException,
  SessionTimeoutException,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur', liveTailQuota: 2 });

const openSessions = async () =>
  (await h.admin<{ liveTailSessions: number }>('GET', '/_sandbox/stats')).liveTailSessions;

async function start(abort: AbortController) {
  const { logGroups = [] } = await h.logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: 'cruddur' }),
  );
  const arn = logGroups.find((g) => g.logGroupName === 'cruddur')?.logGroupArn ?? '';
  const response = await h.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn] }), {
    abortSignal: abort.signal,
  });
  const stream = response.responseStream![Symbol.asyncIterator]();
  // The first event (sessionStart) says the session is open.
  const opened = await stream.next();
  expect(opened.done).toBe(false);
  expect(Object.keys(opened.value as StartLiveTailResponseStream)).toEqual(['sessionStart']);
  return stream;
}

describe('the concurrent session quota', () => {
  it('refuses a third session under a quota of 2, and takes one again when a client leaves', async () => {
    const first = new AbortController();
    const second = new AbortController();
    await start(first);
    await start(second);
    expect(await openSessions()).toBe(2);
    const refused = await start(new AbortController()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LimitExceededException);
    expect((refused as Error).message).toBe(
      'You have reached the maximum number of concurrent Live Tail sessions (2) for this account.',
    );
    first.abort();
    await eventually('a session to close', async () =>
      (await openSessions()) === 1 ? true : undefined,
    );
    const third = new AbortController();
    await start(third);
    expect(await openSessions()).toBe(2);
    second.abort();
    third.abort();
    await eventually('every session to close', async () =>
      (await openSessions()) === 0 ? true : undefined,
    );
  });
});

describe('ending sessions from the admin API', () => {
  it('ends them cleanly, or with SessionTimeoutException as at 3 hours', async () => {
    const clean = await start(new AbortController());
    expect(await h.admin('DELETE', '/_sandbox/live-tail')).toEqual({ ended: 1 });
    // Updates may still be in flight; then the stream ends with no error.
    let next = await clean.next();
    while (!next.done) next = await clean.next();
    expect(await openSessions()).toBe(0);

    const timed = await start(new AbortController());
    expect(await h.admin('POST', '/_sandbox/live-tail/timeout')).toEqual({ ended: 1 });
    const error = await (async () => {
      for (let step = await timed.next(); !step.done; step = await timed.next());
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionTimeoutException);
    expect((error as Error).message).toBe('Session timed out after 3 hours.');
    expect(await openSessions()).toBe(0);
  });
});
