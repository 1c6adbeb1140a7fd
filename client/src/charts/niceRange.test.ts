import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { niceRange, niceStep, stepDecimals, timeLabelInterval, timeTicks, yTicks } from './niceRange.ts';

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

  it('labels a y axis with evenly spaced round numbers, as many as fit', () => {
    // What a squeezed wall tile drew before: 400, 600, 900, 1,000 (the last two touching).
    expect(yTicks(400, 1000, 100, 3)).toEqual({ step: 250, ticks: [500, 750, 1000] });
    expect(yTicks(1500, 3000, 500, 3)).toEqual({ step: 1000, ticks: [2000, 3000] });
    expect(yTicks(400, 1000, 100, 8)).toEqual({ step: 100, ticks: [400, 500, 600, 700, 800, 900, 1000] });
    expect(yTicks(0, 100, 25, 5)).toEqual({ step: 25, ticks: [0, 25, 50, 75, 100] });
    expect(yTicks(0.1, 0.35, 0.05, 3)).toEqual({ step: 0.1, ticks: [0.1, 0.2, 0.3] });
  });

  it('keeps y labels evenly spaced multiples of a nice step, within the axis, at most as many as fit (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 12 }),
        (lo, span, maxLabels) => {
          const r = niceRange(lo, lo + span);
          const { step, ticks } = yTicks(r.min, r.max, r.step, maxLabels);
          expect(niceStep(step)).toBeCloseTo(step, 9);
          expect(ticks.length).toBeGreaterThanOrEqual(1);
          expect(ticks.length).toBeLessThanOrEqual(maxLabels);
          for (const t of ticks) {
            expect(t).toBeGreaterThanOrEqual(r.min - step * 1e-6);
            expect(t).toBeLessThanOrEqual(r.max + step * 1e-6);
            expect(Math.abs(t / step - Math.round(t / step))).toBeLessThan(1e-6);
          }
          for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBeCloseTo(step, 6);
        },
      ),
    );
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
