import { describe, expect, it } from 'vitest';
import { sameGpuCounts } from './sameGpuCounts.ts';

const g = { total: 100, rented: 40, internal: 50, idle: 8, failed: 2 };

describe('sameGpuCounts', () => {
  it('compares the numbers, not the object', () => {
    expect(sameGpuCounts(g, { ...g })).toBe(true);
    expect(sameGpuCounts(g, g)).toBe(true);
  });
  it('sees a change in any part', () => {
    for (const k of ['total', 'rented', 'internal', 'idle', 'failed'] as const) {
      expect(sameGpuCounts(g, { ...g, [k]: g[k] + 1 })).toBe(false);
    }
  });
  it('treats missing counts as equal only to missing counts', () => {
    expect(sameGpuCounts(null, undefined)).toBe(false);
    expect(sameGpuCounts(null, null)).toBe(true);
    expect(sameGpuCounts(undefined, undefined)).toBe(true);
    expect(sameGpuCounts(g, null)).toBe(false);
    expect(sameGpuCounts(undefined, g)).toBe(false);
  });
});
