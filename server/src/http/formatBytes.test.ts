import { describe, expect, it } from 'vitest';
import { formatBytes } from './formatBytes.ts';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [16 * 1024, '16 KiB'],
    [64 * 1024, '64 KiB'],
    [4 * 1024 * 1024, '4 MiB'],
    [2 ** 30, '1 GiB'],
    [5 * 2 ** 40, '5 TiB'],
    [1_000_000, '976.6 KiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
