import { defaultFleet, indexFleet, rollupFleet, type SiteSample } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fleetSamplesArb } from '../testing/testSamples.ts';
import { capOf, scopeFigures } from './scopeFigures.ts';

const idx = indexFleet(defaultFleet);
const allIds = defaultFleet.sites.map((s) => s.id);
const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

/** Reference: price each hall's GPUs straight from the fleet config, GPU model by GPU model. */
function refPriced(samples: readonly SiteSample[], state: 'rented' | 'idle'): number {
  let usd = 0;
  for (const s of samples) {
    const site = defaultFleet.sites.find((x) => x.id === s.site)!;
    for (const h of s.halls) {
      const model = site.halls.find((x) => x.id === h.hall)!.gpuModel;
      const price = defaultFleet.gpuModels.find((m) => m.id === model)!.pricePerGpuHourUsd;
      usd += h.gpus[state] * price;
    }
  }
  return usd;
}

describe('scopeFigures', () => {
  it('for the whole fleet agrees with the server’s roll-up (shared rollupFleet)', () => {
    fc.assert(
      fc.property(fleetSamplesArb(), (samples) => {
        const f = scopeFigures(samples, idx, allIds);
        const ref = rollupFleet(samples, idx);
        const allocated = ref.gpus.rented + ref.gpus.internal;
        if (allocated > 0) close(f.util, ref.gpuUtilPct);
        else expect(f.util).toBeNaN();
        close(f.revenue, ref.revenueUsdPerHour);
        close(f.facility, ref.facilityPowerMw);
        expect(f.capMw).toBe(ref.powerCapMw);
        expect({ r: f.rented, n: f.internal, i: f.idle, x: f.failed, t: f.total }).toEqual({
          r: ref.gpus.rented,
          n: ref.gpus.internal,
          i: ref.gpus.idle,
          x: ref.gpus.failed,
          t: ref.gpus.total,
        });
        close(f.pue, ref.facilityPowerMw / ref.itPowerMw);
      }),
    );
  });

  it('prices rented and idle GPUs by hall model (reference from the fleet config)', () => {
    fc.assert(
      fc.property(fleetSamplesArb(), fc.subarray(allIds, { minLength: 1 }), (samples, ids) => {
        const f = scopeFigures(samples, idx, ids);
        const chosen = samples.filter((s) => ids.includes(s.site));
        close(f.revenue, refPriced(chosen, 'rented'));
        close(f.idleRevenue, refPriced(chosen, 'idle'));
        expect(f.capMw).toBe(capOf(idx, ids));
      }),
    );
  });

  it('rolls up a subset of sites as the server would roll up just those sites', () => {
    fc.assert(
      fc.property(fleetSamplesArb(), fc.subarray(allIds, { minLength: 1 }), (samples, ids) => {
        const chosen = samples.filter((s) => ids.includes(s.site));
        const f = scopeFigures(samples, idx, ids);
        const ref = rollupFleet(chosen, idx);
        if (ref.gpus.rented + ref.gpus.internal > 0) close(f.util, ref.gpuUtilPct);
        close(f.revenue, ref.revenueUsdPerHour);
        expect(f.total).toBe(ref.gpus.total);
      }),
    );
  });

  it('has no values (not zeros) for sites without samples', () => {
    const f = scopeFigures([], idx, ['ohio']);
    expect(f.revenue).toBeNaN();
    expect(f.util).toBeNaN();
    expect(f.capMw).toBe(660);
  });
});
