import { describe, expect, it } from 'vitest';
import { describeMemoryOptions } from './fargate';

describe('describeMemoryOptions', () => {
  it.each([
    [256, '512, 1024 or 2048'],
    [512, '1024, 2048, 3072 or 4096'],
    [1024, '2048 to 8192 in steps of 1024'],
    [2048, '4096 to 16384 in steps of 1024'],
    [4096, '8192 to 30720 in steps of 1024'],
    [8192, '16384 to 61440 in steps of 4096'],
    [16384, '32768 to 122880 in steps of 8192'],
    [300, ''],
  ])('cpu %i: %s', (cpu, text) => {
    expect(describeMemoryOptions(cpu)).toBe(text);
  });
});
