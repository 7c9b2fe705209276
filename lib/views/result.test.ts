import { describe, expect, it } from 'vitest';
import type { AwsFailure } from '../aws/errors';
import { ageless, freshness } from './result';

const outage: AwsFailure = {
  kind: 'unavailable',
  action: 'ecs:ListServiceDeployments',
  message: 'ECS did not answer',
};

describe('freshness', () => {
  it('is the oldest fetch time and the first staleness', () => {
    expect(
      freshness({ data: 1, fetchedAt: 30 }, { data: 2, fetchedAt: 10, stale: outage }),
    ).toEqual({ fetchedAt: 10, stale: outage });
    expect(freshness({ data: 1, fetchedAt: 30 }, { data: 2, fetchedAt: 20 })).toEqual({
      fetchedAt: 20,
    });
  });

  it('counts an ageless read by its staleness, never by its age', () => {
    const kept = ageless({ data: 'history', fetchedAt: 5, stale: outage });
    expect(kept).toEqual({ data: 'history', fetchedAt: Number.POSITIVE_INFINITY, stale: outage });
    expect(freshness({ data: 1, fetchedAt: 40 }, kept)).toEqual({ fetchedAt: 40, stale: outage });
    expect(freshness({ data: 1, fetchedAt: 40 }, ageless({ data: 2, fetchedAt: 5 }))).toEqual({
      fetchedAt: 40,
    });
  });
});
