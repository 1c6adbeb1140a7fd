import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  combineSeries,
  emptySeries,
  foldValue,
  mapSeries,
  periodMean,
  type RangeSeries,
  trimBefore,
} from './rangeSeries.ts';

const series = (t: number[], mean: number[], step = 10): RangeSeries => ({
  t,
  mean,
  min: mean.map((v) => v - 1),
  max: mean.map((v) => v + 1),
  step,
  lastCount: 1,
});

describe('foldValue', () => {
  it('keeps each bucket the mean, min and max of the values folded into it (reference: group by bucket)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(10_000), fc.double({ min: -1e3, max: 1e3, noNaN: true })), {
          maxLength: 60,
        }),
        (points) => {
          const sorted = [...points].sort((a, b) => a[0] - b[0]);
          const s = emptySeries(1000, true);
          for (const [t, v] of sorted) foldValue(s, t, v);
          const groups = new Map<number, number[]>();
          for (const [t, v] of sorted) {
            const b = Math.floor(t / 1000) * 1000;
            groups.set(b, [...(groups.get(b) ?? []), v]);
          }
          expect(s.t).toEqual([...groups.keys()]);
          [...groups.values()].forEach((vs, i) => {
            expect(s.mean[i]).toBeCloseTo(vs.reduce((a, b) => a + b, 0) / vs.length, 6);
            expect(s.min![i]).toBe(Math.min(...vs));
            expect(s.max![i]).toBe(Math.max(...vs));
          });
        },
      ),
    );
  });

  it('moves the newest point of fetched data and ignores late or invalid values', () => {
    const s = series([0, 10], [5, 7]);
    s.lastCount = 3;
    foldValue(s, 15, 11);
    expect(s.mean[1]).toBe(8);
    expect(s.max![1]).toBe(11);
    foldValue(s, 5, 100);
    foldValue(s, 16, Number.NaN);
    expect(s.mean).toEqual([5, 8]);
    foldValue(s, 21, 1);
    expect(s.t).toEqual([0, 10, 20]);
    expect(s.lastCount).toBe(1);
  });
});

describe('trimBefore and periodMean', () => {
  it('drops buckets that end before the window, keeps the partial one', () => {
    const s = series([0, 10, 20, 30], [1, 2, 3, 4]);
    trimBefore(s, 15);
    expect(s.t).toEqual([10, 20, 30]);
    expect(s.min).toEqual([1, 2, 3]);
  });

  it('averages bucket means in the period and reports how much of it has data', () => {
    const s = series([0, 10, 20, 30], [1, 2, 3, 4]);
    expect(periodMean(s, 0, 40)).toEqual({ mean: 2.5, coverage: 1 });
    expect(periodMean(s, 20, 40)).toEqual({ mean: 3.5, coverage: 1 });
    expect(periodMean(s, 0, 400).coverage).toBeCloseTo(0.1, 10);
    expect(periodMean(s, 100, 200).mean).toBeNaN();
    expect(periodMean(undefined, 0, 1).coverage).toBe(0);
  });
});

describe('combineSeries and mapSeries', () => {
  it('combines on shared times only', () => {
    const a = series([0, 10, 20], [1, 2, 3]);
    const b = series([10, 20, 30], [10, 20, 30]);
    const c = combineSeries(a, b, (x, y) => x / y);
    expect(c.t).toEqual([10, 20]);
    expect(c.mean).toEqual([0.2, 0.15]);
    expect(c.min).toBeNull();
  });

  it('keeps min ≤ max under a decreasing map', () => {
    const m = mapSeries(series([0], [50]), (x) => 100 - x, true);
    expect(m.mean).toEqual([50]);
    expect(m.min).toEqual([49]);
    expect(m.max).toEqual([51]);
  });
});
