import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultFleet } from './defaultFleet.ts';
import {
  gpuShares,
  headroom,
  pue,
  rollupFleet,
  siteRevenueUsdPerHour,
  siteTotals,
  sumTotals,
} from './derived.ts';
import { indexFleet } from './fleetIndex.ts';
import type { GpuCounts, SiteSample } from './sampleSchema.ts';

const idx = indexFleet(defaultFleet);

const countsArb = fc.tuple(fc.nat(50_000), fc.nat(50_000), fc.nat(50_000), fc.nat(5_000)).map(
  ([rented, internal, idle, failed]): GpuCounts => ({
    total: rented + internal + idle + failed,
    rented,
    internal,
    idle,
    failed,
  }),
);

const sampleArb = (siteIndex: number) =>
  fc
    .record({
      hallCounts: fc.array(countsArb, {
        minLength: defaultFleet.sites[siteIndex]!.halls.length,
        maxLength: defaultFleet.sites[siteIndex]!.halls.length,
      }),
      util: fc.double({ min: 0, max: 100, noNaN: true }),
      it: fc.double({ min: 0, max: 1000, noNaN: true }),
      pue: fc.double({ min: 1, max: 2, noNaN: true }),
    })
    .map(({ hallCounts, util, it, pue: p }): SiteSample => {
      const site = defaultFleet.sites[siteIndex]!;
      const halls = site.halls.map((h, i) => ({
        hall: h.id,
        itPowerMw: it / site.halls.length,
        gpus: hallCounts[i]!,
        gpuUtilPct: util,
        inletTempC: 25,
      }));
      const gpus = hallCounts.reduce(
        (a, g) => ({
          total: a.total + g.total,
          rented: a.rented + g.rented,
          internal: a.internal + g.internal,
          idle: a.idle + g.idle,
          failed: a.failed + g.failed,
        }),
        { total: 0, rented: 0, internal: 0, idle: 0, failed: 0 },
      );
      return {
        site: site.id,
        t: 1_800_000_000_000,
        seq: 1,
        facilityPowerMw: it * p,
        itPowerMw: it,
        gpus,
        gpuUtilPct: util,
        inletTempC: 25,
        halls,
      };
    });

describe('derived metrics', () => {
  it('pue is facility over IT, NaN without IT load', () => {
    expect(pue(110, 100)).toBeCloseTo(1.1);
    expect(pue(5, 0)).toBeNaN();
  });

  it('shares of a GPU split sum to 1 (or 0 for an empty hall)', () => {
    fc.assert(
      fc.property(countsArb, (g) => {
        const s = gpuShares(g);
        const sum = s.rented + s.internal + s.idle + s.failed;
        expect(g.total === 0 ? sum === 0 : Math.abs(sum - 1) < 1e-9).toBe(true);
      }),
      { seed: 7 },
    );
  });

  it('headroom is cap minus draw', () => {
    expect(headroom(230, 290)).toEqual({ mw: 60, pct: (60 / 290) * 100 });
  });

  it('revenue is rented GPUs × the price of the hall model', () => {
    fc.assert(
      fc.property(sampleArb(1), (s) => {
        let expected = 0;
        for (const h of s.halls) {
          const model = defaultFleet.gpuModels.find((m) => m.id === idx.hall('ohio', h.hall)!.gpuModel)!;
          expected += h.gpus.rented * model.pricePerGpuHourUsd;
        }
        expect(siteRevenueUsdPerHour(s, idx)).toBeCloseTo(expected, 6);
      }),
      { seed: 11 },
    );
  });

  it('fleet utilization is weighted by allocated GPUs, not a mean of site means', () => {
    fc.assert(
      fc.property(sampleArb(0), sampleArb(1), sampleArb(2), sampleArb(3), (a, b, c, d) => {
        const sites = [a, b, c, d];
        const f = rollupFleet(sites, idx);
        const alloc = sites.map((s) => s.gpus.rented + s.gpus.internal);
        const totalAlloc = alloc.reduce((x, y) => x + y, 0);
        const ref =
          totalAlloc === 0 ? 0 : sites.reduce((x, s, i) => x + s.gpuUtilPct * alloc[i]!, 0) / totalAlloc;
        expect(f.gpuUtilPct).toBeCloseTo(ref, 6);
        expect(f.gpus.total).toBe(sites.reduce((x, s) => x + s.gpus.total, 0));
        expect(f.powerCapMw).toBe(290 + 660 + 940 + 720);
      }),
      { seed: 13, numRuns: 50 },
    );
  });

  it('a fleet of one is its site, and the roll-up of roll-ups is the roll-up (sumTotals)', () => {
    fc.assert(
      fc.property(sampleArb(0), sampleArb(1), sampleArb(2), sampleArb(3), (a, b, c, d) => {
        // A site's totals are the roll-up's shape: a fleet of one is that site (its weighted means too,
        // unless it has no GPUs to weight them by).
        const one = rollupFleet([b], idx);
        const site = siteTotals(b, idx);
        expect({ ...one, gpuUtilPct: 0, inletTempC: 0 }).toEqual({ ...site, gpuUtilPct: 0, inletTempC: 0 });
        if (b.gpus.rented + b.gpus.internal > 0) expect(one.gpuUtilPct).toBeCloseTo(site.gpuUtilPct, 9);
        if (b.gpus.total > 0) expect(one.inletTempC).toBeCloseTo(site.inletTempC, 9);
        const all = rollupFleet([a, b, c, d], idx);
        const nested = sumTotals([rollupFleet([a, b], idx), rollupFleet([c, d], idx)]);
        expect(nested.gpus).toEqual(all.gpus);
        expect(nested.powerCapMw).toBe(all.powerCapMw);
        expect(nested.gpuUtilPct).toBeCloseTo(all.gpuUtilPct, 9);
        expect(nested.inletTempC).toBeCloseTo(all.inletTempC, 9);
        expect(nested.revenueUsdPerHour).toBeCloseTo(all.revenueUsdPerHour, 6);
      }),
      { seed: 17, numRuns: 50 },
    );
  });
});
