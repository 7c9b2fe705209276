import { describe, expect, it } from 'vitest';
import { retentionText } from './retention';

describe('retentionText', () => {
  it.each([
    [undefined, 'Never expire'],
    [1, '1 day'],
    [3, '3 days'],
    [180, '180 days'],
    [365, '1 year'],
    [400, '400 days'],
    [545, '545 days'],
    [731, '2 years'],
    [1096, '3 years'],
    [1827, '5 years'],
    [3653, '10 years'],
  ])('%s days reads %s', (days, text) => {
    expect(retentionText(days)).toBe(text);
  });
});
