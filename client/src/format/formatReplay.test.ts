import { describe, expect, it } from 'vitest';
import { formatBytes, formatDurationMs } from './formatReplay.ts';

describe('formatReplay', () => {
  it('says durations the way people do', () => {
    expect(formatDurationMs(45_000)).toBe('45 s');
    expect(formatDurationMs(12 * 60_000 + 30_000)).toBe('12 min 30 s');
    expect(formatDurationMs(3600_000)).toBe('1 h');
    expect(formatDurationMs(3600_000 + 5 * 60_000)).toBe('1 h 05 min');
    expect(formatDurationMs(24 * 3600_000)).toBe('24 h');
  });

  it('says sizes in MB and GB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12_300_000)).toBe('12.3 MB');
    expect(formatBytes(1_240_000_000)).toBe('1.24 GB');
  });
});
