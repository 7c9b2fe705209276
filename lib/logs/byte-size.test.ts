import { expect, it } from 'vitest';
import { byteSize } from './byte-size';

it('reads bytes as KB, MB or GB', () => {
  expect([0, 1536, 1024 * 1024 - 1, 5 * 1024 * 1024, 3 * 1024 ** 3].map(byteSize)).toEqual([
    '0.0 KB',
    '1.5 KB',
    '1024.0 KB',
    '5.0 MB',
    '3.00 GB',
  ]);
});
