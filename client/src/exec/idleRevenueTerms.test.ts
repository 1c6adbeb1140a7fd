import { defaultFleet, type FleetConfig } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idleRevenueTerms } from './idleRevenueTerms.ts';

/** Evaluates the terms for given per-hall idle counts (the site series is their sum). */
function evaluate(fleet: FleetConfig, siteId: string, idle: Map<string, number>): number {
  let siteIdle = 0;
  for (const v of idle.values()) siteIdle += v;
  let usd = 0;
  for (const term of idleRevenueTerms(fleet, siteId)) {
    const hall = term.seriesId.startsWith('hall:') ? term.seriesId.split(':')[2]! : null;
    usd += (hall === null ? siteIdle : idle.get(hall)!) * term.pricePerGpuHourUsd;
  }
  return usd;
}

const priceArb = fc.constantFrom(0, 1.5, 2.35, 5);

describe('idleRevenueTerms', () => {
  it('uses hall series only for odd-priced halls of the default fleet', () => {
    // GB300 is priced above GB200 ($6 against $5), so Texas's GB300 halls h7–h12 are odd-priced: the site
    // series at the GB200 price plus +$1 per idle GPU of each GB300 hall (before, all Blackwell was $5).
    expect(idleRevenueTerms(defaultFleet, 'texas')).toEqual([
      { seriesId: 'site:texas:gpusIdle', pricePerGpuHourUsd: 5 },
      ...['h7', 'h8', 'h9', 'h10', 'h11', 'h12'].map((h) => ({
        seriesId: `hall:texas:${h}:gpusIdle`,
        pricePerGpuHourUsd: 1,
      })),
    ]);
    const ohio = idleRevenueTerms(defaultFleet, 'ohio');
    expect(ohio[0]).toEqual({ seriesId: 'site:ohio:gpusIdle', pricePerGpuHourUsd: 5 });
    expect(ohio.slice(1).map((t) => t.seriesId)).toEqual([
      'hall:ohio:h11:gpusIdle',
      'hall:ohio:h12:gpusIdle',
      'hall:ohio:h13:gpusIdle',
    ]);
    expect(idleRevenueTerms(defaultFleet, 'nowhere')).toEqual([]);
  });

  it('equals Σ hall idle GPUs × model price for any prices and counts', () => {
    fc.assert(
      fc.property(
        fc.array(priceArb, { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...defaultFleet.sites.map((s) => s.id)),
        fc.array(fc.nat(50_000), { minLength: 13, maxLength: 13 }),
        (prices, siteId, counts) => {
          const fleet: FleetConfig = {
            ...defaultFleet,
            gpuModels: defaultFleet.gpuModels.map((m, i) => ({ ...m, pricePerGpuHourUsd: prices[i]! })),
          };
          const site = fleet.sites.find((s) => s.id === siteId)!;
          const idle = new Map(site.halls.map((h, i) => [h.id, counts[i]!]));
          let ref = 0;
          for (const h of site.halls) {
            const price = fleet.gpuModels.find((m) => m.id === h.gpuModel)!.pricePerGpuHourUsd;
            ref += idle.get(h.id)! * price;
          }
          expect(evaluate(fleet, siteId, idle)).toBeCloseTo(ref, 6);
        },
      ),
    );
  });
});
