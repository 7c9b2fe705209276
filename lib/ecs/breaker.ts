/**
 * What a deployment's circuit breaker record means, in words: AWS reports "MONITORING 0/3" for a
 * deployment that finished without a failure, which reads like a stuck check.
 */
export interface BreakerRecord {
  status?: string;
  failureCount: number;
  threshold: number;
}

const tasks = (n: number) => (n === 1 ? '1 task' : `${n} tasks`);

export function breakerText(breaker: BreakerRecord, finished: boolean): string {
  const { status, failureCount: failed, threshold } = breaker;
  if (status === 'DISABLED') return 'circuit breaker off';
  if (status === 'TRIGGERED') return `tripped: ${tasks(failed)} failed (threshold ${threshold})`;
  if (finished) {
    return failed === 0
      ? 'no task failed'
      : `${tasks(failed)} failed, under the threshold of ${threshold}`;
  }
  return `${failed} of ${threshold} failed tasks that trip the breaker`;
}

/**
 * Why a service deployment counts against the revision it deployed: the breaker tripped on it,
 * or it was rolled back (by the breaker or by a person). Undefined for any other outcome.
 */
export function rejection(record: {
  status: string;
  circuitBreaker?: { status?: string };
}): string | undefined {
  if (record.circuitBreaker?.status === 'TRIGGERED') return 'the circuit breaker tripped on it';
  if (record.status.startsWith('ROLLBACK_')) return 'it was rolled back';
  return undefined;
}
