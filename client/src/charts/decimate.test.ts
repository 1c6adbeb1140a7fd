import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendPoint, createColumnBuffer, readInterleaved } from '../store/columnBuffer.ts';
import { decimateMinMax } from './decimate.ts';

const column = (t: number, x0: number, x1: number, cols: number) => {
  const scale = cols / (x1 - x0);
  return Math.min(cols, Math.max(0, Math.floor(t * scale) - Math.floor(x0 * scale)));
};

describe('decimateMinMax', () => {
  it('passes a buffer that fits its columns through unchanged', () => {
    const b = createColumnBuffer(16, 1e9);
    for (let i = 0; i < 10; i++) appendPoint(b, i * 1000, i % 3);
    expect(Array.from(decimateMinMax(b, 0, 9000, 5))).toEqual(Array.from(readInterleaved(b)));
  });

  it('keeps the lowest and highest point of each column, in time order', () => {
    const b = createColumnBuffer(64, 1e9);
    // Two columns of 10 points: a spike up then a dip in the first, a dip then a spike in the second.
    const v = [5, 9, 5, 5, 1, 5, 5, 5, 5, 5, 5, 5, 0, 5, 5, 5, 5, 8, 5, 5];
    v.forEach((x, i) => {
      appendPoint(b, i, x);
    });
    expect(Array.from(decimateMinMax(b, 0, 20, 2))).toEqual([1, 9, 4, 1, 12, 0, 17, 8]);
  });

  it('keeps each point in its column as the window slides', () => {
    const b = createColumnBuffer(2000, 1e9);
    for (let i = 0; i < 1000; i++) appendPoint(b, i * 1000, Math.sin(i) * 100);
    // The same points, drawn 10 columns of 4 s wide over two windows one second apart.
    const a = decimateMinMax(b, 400_000, 440_000, 10);
    const c = decimateMinMax(b, 401_000, 441_000, 10);
    const inside = (x: Float64Array, from: number, to: number) =>
      Array.from(x).filter((_, i) => i % 2 === 0 && x[i]! >= from && x[i]! < to);
    expect(inside(a, 404_000, 436_000)).toEqual(inside(c, 404_000, 436_000));
  });

  it('keeps one missing value per column, so a gap stays a gap', () => {
    const b = createColumnBuffer(64, 1e9);
    for (let i = 0; i < 20; i++) appendPoint(b, i, i === 3 || i === 4 ? Number.NaN : i);
    const out = decimateMinMax(b, 0, 20, 2);
    expect(Array.from(out.filter((_, i) => i % 2 === 0))).toEqual([0, 3, 9, 10, 19]);
    expect(Number.isNaN(out[3])).toBe(true);
  });

  it('holds at most three points per column, every column extreme, times increasing (wrapped rings too)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)), {
          minLength: 1,
          maxLength: 400,
        }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 300 }),
        (values, cols, skip) => {
          const b = createColumnBuffer(values.length, 1e12);
          // Points pushed out first make the ring start mid-array.
          for (let i = 0; i < skip; i++) appendPoint(b, i - 10_000, 0);
          values.forEach((v, i) => {
            appendPoint(b, i * 10, v);
          });
          const x0 = 0;
          const x1 = values.length * 10;
          const out = decimateMinMax(b, x0, x1, cols);
          const t = out.filter((_, i) => i % 2 === 0);
          const v = out.filter((_, i) => i % 2 === 1);
          for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
          if (values.length <= 2 * cols) {
            expect(t.length).toBe(values.length);
            return;
          }
          const perColumn = new Map<number, number>();
          for (const x of t)
            perColumn.set(column(x, x0, x1, cols), (perColumn.get(column(x, x0, x1, cols)) ?? 0) + 1);
          for (const n of perColumn.values()) expect(n).toBeLessThanOrEqual(3);
          // Every column's extremes and the presence of a gap survive.
          const byColumn = new Map<number, number[]>();
          values.forEach((x, i) => {
            const c = column(i * 10, x0, x1, cols);
            byColumn.set(c, [...(byColumn.get(c) ?? []), x]);
          });
          for (const [c, xs] of byColumn) {
            const kept = v.filter((_, i) => column(t[i]!, x0, x1, cols) === c);
            const finite = xs.filter(Number.isFinite);
            if (finite.length > 0) {
              expect(kept).toContain(Math.min(...finite));
              expect(kept).toContain(Math.max(...finite));
            }
            expect(kept.some(Number.isNaN)).toBe(xs.some(Number.isNaN));
          }
        },
      ),
    );
  });

  it('gives the same points with a reused scratch as without, call after call', () => {
    const scratch = { out: new Float64Array(0) };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)), {
          maxLength: 400,
        }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 300 }),
        (values, cols, skip) => {
          const b = createColumnBuffer(256, 1e9);
          for (let i = 0; i < values.length; i++) appendPoint(b, (skip + i) * 1000, values[i]!);
          const x0 = skip * 1000;
          const x1 = (skip + Math.max(1, values.length)) * 1000;
          const fresh = Array.from(decimateMinMax(b, x0, x1, cols));
          expect(Array.from(decimateMinMax(b, x0, x1, cols, scratch))).toEqual(fresh);
        },
      ),
    );
  });
});
