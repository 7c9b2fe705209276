import { describe, expect, it } from 'vitest';
import { breakerText, rejection } from './breaker';

describe('breakerText', () => {
  it.each<[string | undefined, number, number, boolean, string]>([
    ['DISABLED', 0, 3, true, 'circuit breaker off'],
    ['TRIGGERED', 3, 3, true, 'tripped: 3 tasks failed (threshold 3)'],
    ['TRIGGERED', 1, 1, false, 'tripped: 1 task failed (threshold 1)'],
    ['MONITORING', 0, 3, true, 'no task failed'],
    ['MONITORING', 1, 3, true, '1 task failed, under the threshold of 3'],
    ['MONITORING', 2, 5, true, '2 tasks failed, under the threshold of 5'],
    ['MONITORING', 0, 3, false, '0 of 3 failed tasks that trip the breaker'],
    [undefined, 2, 3, false, '2 of 3 failed tasks that trip the breaker'],
  ])('%s %i/%i finished=%s: %s', (status, failureCount, threshold, finished, text) => {
    expect(breakerText({ status, failureCount, threshold }, finished)).toBe(text);
  });
});

describe('rejection', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['ROLLBACK_SUCCESSFUL', 'TRIGGERED', 'the circuit breaker tripped on it'],
    ['ROLLBACK_SUCCESSFUL', 'MONITORING', 'it was rolled back'],
    ['ROLLBACK_FAILED', undefined, 'it was rolled back'],
    ['ROLLBACK_IN_PROGRESS', undefined, 'it was rolled back'],
    ['SUCCESSFUL', 'MONITORING', undefined],
    ['STOPPED', undefined, undefined],
    ['IN_PROGRESS', undefined, undefined],
  ])('%s with breaker %s: %s', (status, breaker, reason) => {
    expect(rejection({ status, circuitBreaker: breaker ? { status: breaker } : undefined })).toBe(
      reason,
    );
  });
});
