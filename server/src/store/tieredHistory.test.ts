import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SMALL_TIERS } from '../testing/fixtures.ts';
import { type DownsampledColumns, downsample, TieredHistory } from './tieredHistory.ts';

const tiers = SMALL_TIERS;

describe('TieredHistory', () => {
  it('keeps 1 s rows and aggregates min/max/mean into coarser tiers', () => {
    const h = new TieredHistory(['a'], tiers);
    for (let s = 0; s < 30; s++) h.append(s * 1000, [s]);
    const fine = h.read('a', 0, 0, 29_000);
    expect(fine.map((b) => b.mean)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const coarse = h.read('a', 1, 0, 30_000);
    expect(coarse.map((b) => [b.t, b.min, b.max, b.mean])).toEqual([
      [0, 0, 9, 4.5],
      [10_000, 10, 19, 14.5],
      [20_000, 20, 29, 24.5],
    ]);
  });

  it('is bounded: the oldest rows fall out of each tier', () => {
    const h = new TieredHistory(['a'], tiers);
    for (let s = 0; s < 1000; s++) h.append(s * 1000, [s]);
    const fine = h.read('a', 0, 0, 1e9);
    expect(fine.length).toBe(60);
    expect(fine[0]!.t).toBe(940_000);
    expect(h.oldest(0)).toBe(940_000);
    expect(h.append(900_000, [1])).toBe(false);
  });

  it('puts late rows in their own second and recomputes the coarser buckets; rewriting a second replaces it', () => {
    const h = new TieredHistory(['a'], tiers);
    h.append(5000, [5]);
    h.append(6000, [6]);
    h.append(4000, [4]);
    expect(h.read('a', 0, 0, 1e9).map((b) => b.t)).toEqual([4000, 5000, 6000]);
    h.append(6000, [6]);
    expect(h.read('a', 1, 0, 1e9)).toEqual([{ t: 0, mean: 5, min: 4, max: 6 }]);
    expect(h.read('a', 2, 0, 1e9)).toEqual([{ t: 0, mean: 5, min: 4, max: 6 }]);
  });

  it('is idempotent and order-free within the finest tier: any order of the same rows gives the same tiers', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        (seconds, seed) => {
          const a = new TieredHistory(['a'], tiers);
          const b = new TieredHistory(['a'], tiers);
          for (const s of seconds) a.append(s * 1000, [s % 7]);
          const shuffled = [...seconds].sort((x, y) => ((x * 31 + seed) % 97) - ((y * 31 + seed) % 97));
          for (const s of [...shuffled, ...shuffled.slice(0, 3)]) b.append(s * 1000, [s % 7]);
          for (let tier = 0; tier < 3; tier++)
            expect(b.read('a', tier, 0, 1e9)).toEqual(a.read('a', tier, 0, 1e9));
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  it('restores from its exported chunks (columns matched by key)', () => {
    const h = new TieredHistory(['a', 'b'], tiers);
    for (let s = 0; s < 200; s++) h.append(s * 1000, [s, -s]);
    const copy = new TieredHistory(['b', 'c', 'a'], tiers);
    for (const chunk of h.exportChunks()) copy.importChunk(h.keys, chunk);
    for (let tier = 0; tier < 3; tier++) {
      expect(copy.read('a', tier, 0, 1e9)).toEqual(h.read('a', tier, 0, 1e9));
      expect(copy.read('b', tier, 0, 1e9)).toEqual(h.read('b', tier, 0, 1e9));
      expect(copy.read('c', tier, 0, 1e9).every((x) => Number.isNaN(x.mean))).toBe(true);
    }
  });

  it('merges a chunk into a tier being written: only held buckets, never one the ring cannot hold', () => {
    const live = new TieredHistory(['a'], tiers);
    for (let s = 100; s < 130; s++) live.append(s * 1000, [s]);
    const past = new TieredHistory(['a'], tiers);
    // 40…99 s: the 1 s tier holds 60 s beside the newest (129 s), so 40…69 s would reuse live slots.
    for (let s = 40; s < 100; s++) past.append(s * 1000, [-s]);
    for (const chunk of past.exportChunks()) if (chunk.name === '1s') live.importChunk(past.keys, chunk);
    const held = live.read('a', 0, 0, 1e9);
    expect(held.map((b) => b.t / 1000)).toEqual(Array.from({ length: 60 }, (_, i) => 70 + i));
    expect(held.map((b) => b.mean)).toEqual([
      ...Array.from({ length: 30 }, (_, i) => -(70 + i)),
      ...Array.from({ length: 30 }, (_, i) => 100 + i),
    ]);
  });

  it('appendRow then rollUp gives the tiers append gives, for any rows in any order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 60, maxLength: 60 }),
        (seconds, values) => {
          const a = new TieredHistory(['a'], tiers);
          const b = new TieredHistory(['a'], tiers);
          for (const s of seconds) a.append(s * 1000, [values[s]!]);
          for (const s of seconds) b.appendRow(s * 1000, [values[s]!]);
          b.rollUp(Math.min(...seconds) * 1000, Math.max(...seconds) * 1000);
          for (let tier = 0; tier < 3; tier++)
            expect(b.read('a', tier, 0, 1e9)).toEqual(a.read('a', tier, 0, 1e9));
        },
      ),
      { seed: 11, numRuns: 100 },
    );
  });

  it('adopts a block written elsewhere, keeping its own newer buckets: as if both were written here', () => {
    fc.assert(
      fc.property(
        // The receiver's live seconds, and the sender's older ones (which may run into the ring's reach).
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 90 }),
        (liveFrom, liveCount, pastCount) => {
          const pastFrom = Math.max(0, liveFrom - pastCount);
          const value = (s: number) => [s * 3 + 1, -s];
          const receiver = new TieredHistory(['a', 'b'], tiers);
          for (let s = liveFrom; s < liveFrom + liveCount; s++) receiver.append(s * 1000, value(s));
          const sender = new TieredHistory(['a', 'b'], tiers);
          for (let s = pastFrom; s < liveFrom; s++) sender.appendRow(s * 1000, value(s));
          const both = new TieredHistory(['a', 'b'], tiers);
          for (let s = pastFrom; s < liveFrom + liveCount; s++) both.appendRow(s * 1000, value(s));
          const block = sender.exportBlock('1s');
          expect(receiver.fits(sender.keys, block)).toBe(true);
          receiver.adoptBlock(block);
          for (const key of ['a', 'b'])
            expect(receiver.read(key, 0, 0, 1e9)).toEqual(both.read(key, 0, 0, 1e9));
          expect(receiver.oldest(0)).toBe(both.oldest(0));
          // The sender's tier starts again empty; its other tiers are untouched.
          expect(sender.read('a', 0, 0, 1e9)).toEqual([]);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('refuses a block from a table with other keys or another tier shape', () => {
    const sender = new TieredHistory(['a', 'b'], tiers);
    const block = sender.exportBlock('10s');
    expect(new TieredHistory(['b', 'a'], tiers).fits(sender.keys, block)).toBe(false);
    expect(new TieredHistory(['a', 'b'], tiers).fits(['a'], block)).toBe(false);
    const other = tiers.map((t) => (t.name === '10s' ? { ...t, capacity: 31 } : t));
    expect(new TieredHistory(['a', 'b'], other).fits(sender.keys, block)).toBe(false);
  });

  it('picks the finest tier that reaches back to from', () => {
    const h = new TieredHistory(['a'], tiers);
    for (let s = 0; s < 600; s++) h.append(s * 1000, [s]);
    expect(h.pickTier(590_000)).toBe(0);
    expect(h.pickTier(300_000)).toBe(1);
    expect(h.pickTier(0)).toBe(2);
    // A young history (every tier holds the same past): the finest tier, not the coarsest.
    const young = new TieredHistory(['a'], tiers);
    for (let s = 30; s < 50; s++) young.append(s * 1000, [s]);
    expect(young.pickTier(0)).toBe(0);
  });

  it('backfilled aggregates are readable and live rows continue after them', () => {
    const h = new TieredHistory(['a'], tiers);
    h.appendAggregate('10s', 0, [1], [0], [2]);
    h.appendAggregate('10s', 10_000, [3], [2], [4]);
    h.append(20_000, [5]);
    expect(h.read('a', 1, 0, 1e9).map((b) => [b.t, b.mean, b.min, b.max])).toEqual([
      [0, 1, 0, 2],
      [10_000, 3, 2, 4],
      [20_000, 5, 5, 5],
    ]);
  });
});

describe('readDownsampled', () => {
  it('answers exactly as read() + downsample() for every key, with holes and NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 59 }), fc.float({ min: -1e3, max: 1e3 }), fc.boolean()), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 2 }),
        fc.option(fc.tuple(fc.integer({ min: -5000, max: 70_000 }), fc.integer({ min: 0, max: 70_000 }))),
        (rows, maxPoints, tier, range) => {
          const h = new TieredHistory(['a', 'b'], tiers);
          for (const [s, v, hole] of rows) h.append(s * 1000, [v, hole ? Number.NaN : -v]);
          const [from, to] = range ? [range[0], range[0] + range[1]] : [0, 1e9];
          const { columns } = h.readDownsampled(['a', 'b', 'nope'], tier, from, to, maxPoints);
          const step = tiers[tier]!.stepMs;
          const plain = (c: DownsampledColumns) => ({
            t: Array.from(c.t),
            mean: Array.from(c.mean),
            min: Array.from(c.min),
            max: Array.from(c.max),
          });
          expect(plain(columns[0]!)).toEqual(downsample(h.read('a', tier, from, to), step, maxPoints).out);
          expect(plain(columns[1]!)).toEqual(downsample(h.read('b', tier, from, to), step, maxPoints).out);
          expect(plain(columns[2]!)).toEqual({ t: [], mean: [], min: [], max: [] });
          // from and to count only through the first and last bucket start they admit (the store's
          // history cache is keyed by those); an arena the caller reuses gives the same columns.
          const arena = new Float64Array(4 * 2 * (maxPoints + 1)).fill(Number.NaN);
          const aligned = h.readDownsampled(
            ['a', 'b'],
            tier,
            Math.ceil(from / step) * step,
            Math.floor(to / step) * step,
            maxPoints,
            arena,
          );
          expect(aligned.columns.map(plain)).toEqual(columns.slice(0, 2).map(plain));
        },
      ),
      { seed: 3, numRuns: 300 },
    );
  });
});

describe('downsample', () => {
  it('never returns more than maxPoints and preserves the extremes and the mean', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }),
        fc.integer({ min: 1, max: 200 }),
        (values, maxPoints) => {
          const buckets = values.map((v, i) => ({ t: i * 1000, mean: v, min: v, max: v }));
          const { out } = downsample(buckets, 1000, maxPoints);
          expect(out.t.length).toBeLessThanOrEqual(maxPoints);
          expect(out.t.length).toBeGreaterThan(0);
          expect(Math.min(...out.min)).toBe(Math.min(...values));
          expect(Math.max(...out.max)).toBe(Math.max(...values));
          for (let i = 1; i < out.t.length; i++) expect(out.t[i]!).toBeGreaterThan(out.t[i - 1]!);
          for (let i = 0; i < out.t.length; i++) {
            expect(out.min[i]!).toBeLessThanOrEqual(out.mean[i]! + 1e-6);
            expect(out.max[i]!).toBeGreaterThanOrEqual(out.mean[i]! - 1e-6);
          }
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('returns nothing for no data', () => {
    expect(downsample([], 1000, 10).out.t).toEqual([]);
  });
});
