import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { niceRange, niceStep, stepDecimals, timeLabelInterval, timeTicks } from './niceRange.ts';

describe('niceRange', () => {
  it('picks nice steps', () => {
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(17)).toBe(20);
    expect(niceStep(230)).toBe(250);
    expect(niceStep(4000)).toBe(5000);
  });

  it('rounds outwards to nice values', () => {
    expect(niceRange(540, 660)).toEqual({ min: 500, max: 700, step: 50 });
    expect(niceRange(5, 10, 0)).toEqual({ min: 4, max: 12, step: 2 });
    expect(niceRange(1, 10, 0)).toEqual({ min: 0, max: 15, step: 5 });
  });

  it('prints steps with just enough decimals', () => {
    expect(stepDecimals(50)).toBe(0);
    expect(stepDecimals(2.5)).toBe(1);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(0.2)).toBe(1);
  });

  it('spaces time labels by the room available', () => {
    expect(timeLabelInterval(15 * 60_000, 1000)).toBe(120_000);
    expect(timeLabelInterval(15 * 60_000, 250)).toBe(300_000);
    expect(timeTicks(59_000, 250_000, 60_000)).toEqual([60_000, 120_000, 180_000, 240_000]);
  });

  it('always contains its input and respects the floor', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (a, b) => {
          const r = niceRange(a, b, -1e7);
          expect(r.min).toBeLessThanOrEqual(Math.min(a, b));
          expect(r.max).toBeGreaterThanOrEqual(Math.max(a, b));
          expect(r.max).toBeGreaterThan(r.min);
        },
      ),
    );
  });
});
