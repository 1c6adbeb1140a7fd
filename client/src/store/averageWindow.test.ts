import { describe, expect, it } from 'vitest';
import { averageLabel, DEFAULT_AVERAGE_MS, MAX_AVERAGE_MS, parseAverageWindow } from './averageWindow.ts';

describe('parseAverageWindow', () => {
  it('defaults to a 1 min mean', () => {
    expect(parseAverageWindow('')).toEqual({ ms: DEFAULT_AVERAGE_MS, warning: null });
    expect(parseAverageWindow('?sites=ohio&avg=')).toEqual({ ms: 60_000, warning: null });
  });

  it('takes another default (a replay: the exact second) unless the URL says otherwise', () => {
    expect(parseAverageWindow('?rec=cap-1', 0).ms).toBe(0);
    expect(parseAverageWindow('?rec=cap-1&avg=1m', 0).ms).toBe(60_000);
  });

  it('takes durations and the words for raw', () => {
    expect(parseAverageWindow('avg=30s').ms).toBe(30_000);
    expect(parseAverageWindow('?avg=5m').ms).toBe(300_000);
    expect(parseAverageWindow('avg=90').ms).toBe(90_000);
    for (const raw of ['0', 'off', 'RAW', 'none', '0s', '500ms'])
      expect(parseAverageWindow(`avg=${raw}`).ms).toBe(0);
  });

  it('warns about garbage and clamps to what the buffers hold', () => {
    const bad = parseAverageWindow('avg=soon');
    expect(bad.ms).toBe(DEFAULT_AVERAGE_MS);
    expect(bad.warning).toMatch(/avg=soon is not a duration/);
    const long = parseAverageWindow('avg=2h');
    expect(long.ms).toBe(MAX_AVERAGE_MS);
    expect(long.warning).toMatch(/15 min/);
  });

  it('labels the window', () => {
    expect(averageLabel(60_000)).toBe('1 min mean');
    expect(averageLabel(30_000)).toBe('30 s mean');
    expect(averageLabel(0)).toBe('latest second');
  });
});
