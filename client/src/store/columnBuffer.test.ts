import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendPoint,
  createColumnBuffer,
  firstTime,
  lastTime,
  lastValue,
  mergePoints,
  readColumns,
  readInterleaved,
  summarize,
} from './columnBuffer.ts';

const isStrictlyIncreasing = (t: Float64Array): boolean => t.every((x, i) => i === 0 || x > t[i - 1]!);

describe('columnBuffer', () => {
  it('reads back appended points oldest first', () => {
    const b = createColumnBuffer(4, 1e9);
    for (let i = 1; i <= 3; i++) appendPoint(b, i * 1000, i * 10);
    expect(Array.from(readColumns(b).t)).toEqual([1000, 2000, 3000]);
    expect(Array.from(readColumns(b).v)).toEqual([10, 20, 30]);
    expect(lastValue(b)).toBe(30);
    expect(firstTime(b)).toBe(1000);
  });

  it('wraps around at capacity, keeping the newest points', () => {
    const b = createColumnBuffer(3, 1e9);
    for (let i = 1; i <= 7; i++) appendPoint(b, i, i);
    expect(Array.from(readColumns(b).t)).toEqual([5, 6, 7]);
  });

  it('drops points that fall out of the time window', () => {
    const b = createColumnBuffer(100, 5000);
    for (let i = 0; i <= 10; i++) appendPoint(b, i * 1000, i);
    expect(firstTime(b)).toBe(5000);
    expect(lastTime(b)).toBe(10_000);
  });

  it('replaces a point re-sent at the newest timestamp', () => {
    const b = createColumnBuffer(10, 1e9);
    appendPoint(b, 1, 1);
    appendPoint(b, 2, 2);
    appendPoint(b, 2, 5);
    expect(Array.from(readColumns(b).v)).toEqual([1, 5]);
  });

  it('merges a late point into place', () => {
    const b = createColumnBuffer(10, 1e9);
    appendPoint(b, 1, 1);
    appendPoint(b, 3, 3);
    appendPoint(b, 2, 2);
    expect(Array.from(readColumns(b).t)).toEqual([1, 2, 3]);
  });

  it('fills holes from history without overwriting live points', () => {
    const b = createColumnBuffer(100, 1e9);
    for (const t of [0, 1000, 2000, 8000, 9000]) appendPoint(b, t, 1);
    const ht = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000];
    const added = mergePoints(
      b,
      ht,
      ht.map(() => 2),
      500,
    );
    expect(added).toBe(6);
    const c = readColumns(b);
    expect(Array.from(c.t)).toEqual(ht);
    expect(Array.from(c.v)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 1, 1, 2]);
  });

  it('keeps NaN as a gap for charts and ignores it in summaries', () => {
    const b = createColumnBuffer(10, 1e9);
    appendPoint(b, 1, 4);
    appendPoint(b, 2, Number.NaN);
    appendPoint(b, 3, 8);
    expect(summarize(b)).toEqual({ min: 4, max: 8, mean: 6 });
    expect(Array.from(readInterleaved(b))).toEqual([1, 4, 2, Number.NaN, 3, 8]);
  });

  it('bumps its version on every change', () => {
    const b = createColumnBuffer(10, 1e9);
    const v0 = b.version;
    appendPoint(b, 1, 1);
    expect(b.version).toBeGreaterThan(v0);
    const v1 = b.version;
    expect(mergePoints(b, [1], [9], 0)).toBe(0);
    expect(b.version).toBe(v1);
  });

  const op = fc.oneof(
    fc.record({ kind: fc.constant('append' as const), t: fc.integer({ min: 0, max: 5000 }), v: fc.double() }),
    fc.record({
      kind: fc.constant('merge' as const),
      t: fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 40 }),
      tol: fc.integer({ min: 0, max: 50 }),
    }),
  );

  it('stays bounded, ordered and within its window under any operations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.array(op, { maxLength: 200 }),
        (capacity, windowMs, ops) => {
          const b = createColumnBuffer(capacity, windowMs);
          for (const o of ops) {
            if (o.kind === 'append') appendPoint(b, o.t, o.v);
            else
              mergePoints(
                b,
                o.t,
                o.t.map((x) => x),
                o.tol,
              );
            const c = readColumns(b);
            expect(b.length).toBeLessThanOrEqual(capacity);
            expect(c.t.length).toBe(b.length);
            expect(isStrictlyIncreasing(c.t)).toBe(true);
            if (b.length > 0) expect(lastTime(b) - firstTime(b)).toBeLessThanOrEqual(windowMs);
          }
        },
      ),
    );
  });

  it('matches a naive model for in-order appends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: -1000, max: 1000 })), {
          maxLength: 300,
        }),
        (capacity, windowMs, steps) => {
          const b = createColumnBuffer(capacity, windowMs);
          let model: Array<[number, number]> = [];
          let t = 0;
          for (const [dt, v] of steps) {
            t += dt;
            appendPoint(b, t, v);
            model.push([t, v]);
            model = model.filter(([mt]) => mt >= t - windowMs).slice(-capacity);
          }
          const c = readColumns(b);
          expect(Array.from(c.t)).toEqual(model.map(([mt]) => mt));
          expect(Array.from(c.v)).toEqual(model.map(([, mv]) => mv));
        },
      ),
    );
  });
});
