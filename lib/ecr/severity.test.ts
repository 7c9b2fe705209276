import { describe, expect, it } from 'vitest';
import { scanSummary, severityRank } from './severity';

describe('scanSummary', () => {
  it.each<[Record<string, number> | undefined, string]>([
    [undefined, 'not scanned'],
    [{}, 'none'],
    [{ LOW: 0 }, 'none'],
    [{ LOW: 5, MEDIUM: 2 }, '2 medium · 5 low'],
    [
      { INFORMATIONAL: 1, CRITICAL: 1, HIGH: 3, UNDEFINED: 2 },
      '1 critical · 3 high · 1 informational · 2 undefined',
    ],
    [{ NEW_LEVEL: 4, LOW: 1 }, '1 low · 4 new_level'],
  ])('%j reads "%s"', (counts, words) => {
    expect(scanSummary(counts)).toBe(words);
  });

  it('ranks most severe first, unknown last', () => {
    expect(['LOW', 'CRITICAL', 'BOGUS', 'HIGH'].map(severityRank)).toEqual([3, 0, 6, 1]);
  });
});
