import { describe, expect, it } from 'vitest';
import { FailurePageError, failureDigest, failureFromDigest } from './failure-digest';

describe('failure digests', () => {
  it('round-trip a failure, text and all', () => {
    const failure = {
      kind: 'access-denied' as const,
      message: 'AWS refused ecs:ListClusters: <b>50%</b> & "quotes"',
      action: 'ecs:ListClusters',
    };
    expect(failureFromDigest(new FailurePageError(failure).digest)).toEqual(failure);
  });

  it.each([
    undefined,
    '12345',
    'BERTH_AWS_FAILURE;%7B',
    `BERTH_AWS_FAILURE;${encodeURIComponent('{"kind":"boom","message":"x"}')}`,
  ])('ignore %j', (digest) => {
    expect(failureFromDigest(digest)).toBeUndefined();
  });

  it('start with the prefix error.tsx looks for', () => {
    expect(failureDigest({ kind: 'unavailable', message: 'down' })).toBe(
      `BERTH_AWS_FAILURE;${encodeURIComponent('{"kind":"unavailable","message":"down"}')}`,
    );
  });
});
