import { describe, expect, it } from 'vitest';
import { appendPoint, createColumnBuffer } from './columnBuffer.ts';
import { rollingMean } from './rollingMean.ts';

const filled = (values: number[], capacity = 1024, stepMs = 1000) => {
  const b = createColumnBuffer(capacity, 15 * 60_000);
  for (const [i, v] of values.entries()) appendPoint(b, 1_000_000 + i * stepMs, v);
  return b;
};

describe('rollingMean', () => {
  it('averages the newest window and ignores what is older', () => {
    // 100 seconds of 0, then 60 seconds alternating 40 and 100 (a hall flapping between states).
    const values = [...Array(100).fill(0), ...Array.from({ length: 60 }, (_, i) => (i % 2 ? 100 : 40))];
    expect(rollingMean(filled(values), 60_000)).toBeCloseTo(70, 10);
  });

  it('is the newest value with a window of 0 (raw)', () => {
    expect(rollingMean(filled([1, 2, 3, 57]), 0)).toBe(57);
  });

  it('settles: one noisy second moves a 1 min mean by a sixtieth of the jump', () => {
    const steady = Array(60).fill(1000);
    const before = rollingMean(filled(steady), 60_000);
    const after = rollingMean(filled([...steady, 1057]), 60_000);
    expect(before).toBe(1000);
    expect(after - before).toBeCloseTo(57 / 60, 10);
  });

  it('reads across the ring wrap', () => {
    const b = filled(
      Array.from({ length: 50 }, (_, i) => i),
      16,
    );
    // Capacity 16: the buffer holds 34…49; the last 10 s are 40…49.
    expect(b.head).not.toBe(0);
    expect(rollingMean(b, 10_000)).toBeCloseTo(44.5, 10);
    expect(rollingMean(b, 60_000)).toBeCloseTo(41.5, 10);
  });

  it('ends the window at the time asked for (a replay stepped back), ignoring what is newer', () => {
    const b = filled([1, 2, 3, 4, 5, 6]);
    // Points at 1,000,000 … 1,005,000 ms; the window (1,000,000, 1,003,000] holds 2, 3 and 4.
    expect(rollingMean(b, 3000, 1_003_000)).toBe(3);
    expect(rollingMean(b, 0, 1_002_000)).toBe(3);
    expect(rollingMean(b, 0, 1_002_500)).toBeNaN();
  });

  it('skips gaps (NaN) and says NaN when nothing is left', () => {
    expect(rollingMean(filled([10, Number.NaN, 20]), 60_000)).toBe(15);
    expect(rollingMean(filled([Number.NaN, Number.NaN]), 60_000)).toBeNaN();
    expect(rollingMean(createColumnBuffer(8, 60_000), 60_000)).toBeNaN();
    expect(rollingMean(undefined, 60_000)).toBeNaN();
  });

  it('counts only points inside the window when history left coarser steps', () => {
    // 10 s history steps, then the live seconds.
    const b = createColumnBuffer(64, 15 * 60_000);
    for (let i = 0; i < 10; i++) appendPoint(b, i * 10_000, 0);
    appendPoint(b, 100_000, 10);
    appendPoint(b, 101_000, 20);
    // Window (41 s, 101 s]: 50…90 s history (0) and two live seconds.
    expect(rollingMean(b, 60_000)).toBeCloseTo(30 / 7, 10);
  });
});
