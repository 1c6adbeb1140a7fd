import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annualize,
  changeVsPrevious,
  gpuStateShares,
  HOURS_PER_YEAR,
  powerHeadroom,
  pueOf,
  spreadAcross,
  usdPerHour,
  weightedUtilization,
} from './execFigures.ts';

const close = (a: number, b: number, rel = 1e-9) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));

describe('weightedUtilization', () => {
  const part = fc.record({
    utilPct: fc.double({ min: 0, max: 100, noNaN: true }),
    allocatedGpus: fc.nat(40),
  });

  it('equals the mean over every allocated GPU (reference: one entry per GPU)', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const perGpu = parts.flatMap((p) => Array.from({ length: p.allocatedGpus }, () => p.utilPct));
        const got = weightedUtilization(parts);
        if (perGpu.length === 0) expect(got).toBeNaN();
        else close(got, perGpu.reduce((a, b) => a + b, 0) / perGpu.length);
      }),
    );
  });

  it('lies between the lowest and highest site and is not a mean of site means', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 8 }), (parts) => {
        const live = parts.filter((p) => p.allocatedGpus > 0);
        fc.pre(live.length > 0);
        const u = weightedUtilization(parts);
        expect(u).toBeGreaterThanOrEqual(Math.min(...live.map((p) => p.utilPct)) - 1e-9);
        expect(u).toBeLessThanOrEqual(Math.max(...live.map((p) => p.utilPct)) + 1e-9);
      }),
    );
    // A big busy site and a small idle one: 90 % over 9,000 GPUs, 10 % over 1,000 → 82 %, not 50 %.
    expect(
      weightedUtilization([
        { utilPct: 90, allocatedGpus: 9000 },
        { utilPct: 10, allocatedGpus: 1000 },
      ]),
    ).toBeCloseTo(82, 10);
  });

  it('ignores parts with nothing allocated or no value', () => {
    expect(
      weightedUtilization([
        { utilPct: 50, allocatedGpus: 10 },
        { utilPct: Number.NaN, allocatedGpus: 10 },
        { utilPct: 90, allocatedGpus: 0 },
      ]),
    ).toBe(50);
    expect(weightedUtilization([])).toBeNaN();
  });
});

describe('gpuStateShares', () => {
  const counts = fc.record({
    rented: fc.nat(1e6),
    internal: fc.nat(1e6),
    idle: fc.nat(1e6),
    failed: fc.nat(1e4),
  });

  it('shares are part / total and sum to one', () => {
    fc.assert(
      fc.property(counts, (c) => {
        const s = gpuStateShares(c);
        const total = c.rented + c.internal + c.idle + c.failed;
        expect(s.total).toBe(total);
        if (total === 0) {
          expect(s.rented).toBeNaN();
          return;
        }
        close(s.rented, c.rented / total);
        close(s.idle, c.idle / total);
        close(s.rented + s.internal + s.idle + s.failed, 1);
      }),
    );
  });
});

describe('revenue', () => {
  const priced = fc.record({
    gpus: fc.nat(500),
    pricePerGpuHourUsd: fc.constantFrom(0, 2.35, 5, 1.1),
  });

  it('is the sum over every GPU of its model price (reference: one entry per GPU)', () => {
    fc.assert(
      fc.property(fc.array(priced, { maxLength: 10 }), (parts) => {
        let ref = 0;
        for (const p of parts) for (let i = 0; i < p.gpus; i++) ref += p.pricePerGpuHourUsd;
        close(usdPerHour(parts), ref, 1e-9);
      }),
    );
  });

  it('annualizes at 24 h × 365 d', () => {
    expect(HOURS_PER_YEAR).toBe(24 * 365);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (x) => {
        close(annualize(x), x * 24 * 365);
      }),
    );
    // The fleet's order of magnitude: $800k/h ≈ $7.0B/yr.
    expect(annualize(800_000) / 1e9).toBeCloseTo(7.008, 3);
  });
});

describe('powerHeadroom', () => {
  it('headroom + draw = cap, and the two percentages add up to 100', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        (draw, cap) => {
          const h = powerHeadroom(draw, cap);
          close(h.mw + draw, cap);
          close(h.pct, ((cap - draw) / cap) * 100);
          close(h.pct + h.usedPct, 100);
        },
      ),
    );
  });

  it('goes negative over the cap and is NaN (not 0) without a cap', () => {
    const over = powerHeadroom(110, 100);
    expect(over.mw).toBe(-10);
    expect(over.pct).toBeCloseTo(-10, 10);
    expect(over.usedPct).toBeCloseTo(110, 10);
    expect(powerHeadroom(10, 0).pct).toBeNaN();
  });

  it('PUE needs IT load', () => {
    expect(pueOf(110, 100)).toBeCloseTo(1.1, 12);
    expect(pueOf(5, 0)).toBeNaN();
  });
});

describe('changeVsPrevious', () => {
  it('is current − previous, relative to |previous|', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e8, max: 1e8 }).map((x) => x / 100),
        fc.integer({ min: -1e8, max: 1e8 }).map((x) => x / 100),
        (cur, prev) => {
          const c = changeVsPrevious(cur, prev);
          close(c.abs, cur - prev);
          if (prev === 0) expect(c.rel).toBeNaN();
          else close(c.rel, ((cur - prev) / Math.abs(prev)) * 100, 1e-9);
          expect(c.direction).toBe(cur > prev ? 'up' : cur < prev ? 'down' : 'flat');
        },
      ),
    );
  });

  it('has no relative change from zero, and no change at all from a missing value', () => {
    expect(changeVsPrevious(5, 0)).toEqual({ abs: 5, rel: Number.NaN, direction: 'up' });
    for (const [a, b] of [
      [Number.NaN, 1],
      [1, Number.NaN],
      [Number.POSITIVE_INFINITY, 1],
    ] as const) {
      const c = changeVsPrevious(a, b);
      expect(c.direction).toBe('unknown');
      expect(c.abs).toBeNaN();
    }
  });

  it('calls changes within the tolerance flat', () => {
    expect(changeVsPrevious(80.04, 80, 0.05).direction).toBe('flat');
    expect(changeVsPrevious(80.2, 80, 0.05).direction).toBe('up');
  });
});

describe('spreadAcross', () => {
  const entry = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    value: fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(Number.NaN)),
  });

  it('matches a sort of the finite values, and names the worst site', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.constantFrom('low', 'high'), (values, worse) => {
        const finite = values.filter((v) => Number.isFinite(v.value));
        const s = spreadAcross(values, worse as 'low' | 'high');
        if (finite.length === 0) {
          expect(s).toBeNull();
          return;
        }
        const sorted = [...finite].sort((a, b) => a.value - b.value);
        expect(s!.min).toBe(sorted[0]!.value);
        expect(s!.max).toBe(sorted[sorted.length - 1]!.value);
        expect(s!.n).toBe(finite.length);
        const worst = values.find(
          (v) => v.id === s!.worstId && v.value === (worse === 'low' ? s!.min : s!.max),
        );
        expect(worst).toBeDefined();
      }),
    );
  });

  it('one site in trouble shows even when the mean looks fine', () => {
    const s = spreadAcross(
      [
        { id: 'ohio', value: 91 },
        { id: 'texas', value: 92 },
        { id: 'louisiana', value: 40 },
      ],
      'low',
    );
    expect(s).toMatchObject({ min: 40, max: 92, worstId: 'louisiana' });
  });
});
