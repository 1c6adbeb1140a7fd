import { checkRackValues, defaultFleet, type SiteSample, siteSampleSchema } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator } from './createSimulator.ts';
import type { Incident } from './incidentSchema.ts';

const T0 = Date.UTC(2026, 6, 15, 14, 0, 0);
const MIN = 60_000;
const T_MIN = 946_684_800_000;
const T_MAX = 4_000_000_000_000;

const hallOf = (s: SiteSample, hall: string) => s.halls.find((h) => h.hall === hall)!;
const trainingHalls = defaultFleet.sites.flatMap((s) =>
  s.halls.filter((h) => h.workload !== 'inference').map((h) => ({ site: s.id, hall: h.id })),
);
const allHalls = defaultFleet.sites.flatMap((s) => s.halls.map((h) => ({ site: s.id, hall: h.id })));

const incidentArb = (t: number): fc.Arbitrary<Incident> => {
  const timing = {
    start: fc.integer({ min: t - 90 * MIN, max: t + 5 * MIN }),
    durationMs: fc.integer({ min: 1000, max: 60 * MIN }),
  };
  return fc
    .oneof(
      fc.record({
        kind: fc.constant('coolingFailure' as const),
        ...timing,
        at: fc.constantFrom(...allHalls),
      }),
      fc.record({ kind: fc.constant('jobCrash' as const), ...timing, at: fc.constantFrom(...trainingHalls) }),
      fc.record({
        kind: fc.constant('powerSurge' as const),
        ...timing,
        site: fc.constantFrom(...defaultFleet.sites.map((s) => s.id)),
        pctOfCap: fc.double({ min: 50, max: 100, noNaN: true }),
      }),
    )
    .map((r): Incident => {
      const { start, durationMs } = r;
      if (r.kind === 'powerSurge')
        return { kind: r.kind, site: r.site, start, durationMs, pctOfCap: r.pctOfCap };
      return { kind: r.kind, site: r.at.site, hall: r.at.hall, start, durationMs };
    });
};

describe('createSimulator with incidents: consistency', () => {
  it('keeps samples valid and sites, halls and racks consistent, for any seed, time and incidents', () => {
    const scenario = fc
      .integer({ min: T_MIN + 2 * 3_600_000, max: T_MAX })
      .chain((t) =>
        fc.tuple(
          fc.constant(t),
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          fc.array(incidentArb(t), { minLength: 1, maxLength: 4 }),
        ),
      );
    fc.assert(
      fc.property(scenario, ([t, seed, incidents]) => {
        const sim = createSimulator({ seed, incidents });
        for (const s of sim.sampleFleet(t)) {
          const parsed = siteSampleSchema.safeParse(s);
          if (!parsed.success) throw new Error(`${s.site}: ${parsed.error.message}`);
          const site = sim.fleet.sites.find((x) => x.id === s.site)!;
          let it = 0;
          let total = 0;
          let idle = 0;
          for (const h of s.halls) {
            it += h.itPowerMw;
            total += h.gpus.total;
            idle += h.gpus.idle;
          }
          expect(s.itPowerMw).toBeCloseTo(it, 9);
          expect(s.gpus.total).toBe(total);
          expect(s.gpus.idle).toBe(idle);
          const pue = s.facilityPowerMw / s.itPowerMw;
          expect(pue).toBeGreaterThanOrEqual(site.pueDesign.min - 1e-12);
          expect(pue).toBeLessThanOrEqual(site.pueDesign.max + 1e-12);
          expect(s.facilityPowerMw).toBeLessThanOrEqual(site.powerCapMw);
        }
        // Rack detail of every hall an incident touches adds up to its hall.
        for (const i of incidents) {
          if (i.kind === 'powerSurge') continue;
          const hall = hallOf(sim.sampleSite(i.site, t), i.hall);
          const block = sim.racks(i.site, i.hall, t);
          expect(checkRackValues(block)).toBeNull();
          const kw = block.powerKw.reduce((a, b) => a + b, 0);
          expect(Math.abs(kw / 1000 - hall.itPowerMw) / hall.itPowerMw).toBeLessThan(1e-4);
          const inlet = block.inletTempC.reduce((a, b) => a + b, 0) / block.inletTempC.length;
          expect(Math.abs(inlet - hall.inletTempC)).toBeLessThan(0.06);
          // A liquid hall's racks carry their coolant return; an air-cooled hall's have none.
          expect(block.coolantReturnC === undefined).toBe(hall.coolant === undefined);
          if (hall.coolant) {
            // Mixed streams: the hall's return lies within its racks' returns, all at or above supply.
            const returns = [...block.coolantReturnC!];
            expect(Math.min(...returns)).toBeGreaterThanOrEqual(Math.fround(hall.coolant.supplyC) - 1e-4);
            expect(hall.coolant.returnC).toBeGreaterThanOrEqual(Math.min(...returns) - 0.01);
            expect(hall.coolant.returnC).toBeLessThanOrEqual(Math.max(...returns) + 0.01);
          }
        }
      }),
      { seed: 41, numRuns: 25 },
    );
  });

  it('stays deterministic and jumpable', () => {
    const incidents: Incident[] = [
      { kind: 'coolingFailure', site: 'ohio', hall: 'h11', start: T0 + 2 * MIN, durationMs: 20 * MIN },
      { kind: 'powerSurge', site: 'ohio', start: T0 + 5 * MIN, durationMs: 5 * MIN, pctOfCap: 97 },
    ];
    const stepped = createSimulator({ seed: 3, incidents });
    const cold = createSimulator({ seed: 3, incidents });
    const target = T0 + 9 * MIN + 17_000;
    for (let t = T0; t < target; t += 7000) stepped.sampleFleet(t);
    expect(cold.sampleFleet(target)).toEqual(stepped.sampleFleet(target));
    expect(cold.racks('ohio', 'h11', target)).toEqual(stepped.racks('ohio', 'h11', target));
    expect(createSimulator({ seed: 3 }).sampleFleet(T0)).toEqual(cold.sampleFleet(T0));
  });
});

describe('createSimulator with incidents: what they do', () => {
  it('coolingFailure: rack inlets climb past 32 °C, hottest first; PUE rises; operators throttle; it recovers', () => {
    const start = T0 + 10 * MIN;
    const sim = createSimulator({
      seed: 20261123,
      incidents: [{ kind: 'coolingFailure', site: 'ohio', hall: 'h11', start, durationMs: 40 * MIN }],
    });
    const pueBand = defaultFleet.sites[1]!.pueDesign;
    const at = (m: number) => {
      const s = sim.sampleSite('ohio', start + m * MIN);
      const temps = [...sim.racks('ohio', 'h11', start + m * MIN).inletTempC];
      return {
        hall: hallOf(s, 'h11'),
        pue: s.facilityPowerMw / s.itPowerMw,
        hot: temps.filter((c) => c >= 32).length,
        max: Math.max(...temps),
        min: Math.min(...temps),
      };
    };
    const before = at(-1);
    expect(before.max).toBeLessThan(28);
    expect(before.hall.inletTempC).toBeLessThan(27);
    const early = at(4);
    expect(early.hot).toBeGreaterThan(0);
    expect(early.hot).toBeLessThan(833 / 2);
    const full = at(15);
    expect(full.min).toBeGreaterThanOrEqual(32);
    expect(full.max).toBeLessThanOrEqual(39);
    expect(full.hall.inletTempC).toBeGreaterThan(34);
    expect(full.hall.inletTempC).toBeLessThan(38);
    expect(full.pue).toBeGreaterThan(pueBand.min + 0.85 * (pueBand.max - pueBand.min));
    expect(full.pue).toBeGreaterThan(before.pue);
    // Throttled: well below the usual load, but slowly (not a crash).
    expect(at(3).hall.gpuUtilPct).toBeGreaterThan(before.hall.gpuUtilPct - 10);
    expect(full.hall.gpuUtilPct).toBeLessThan(0.75 * before.hall.gpuUtilPct);
    expect(full.hall.itPowerMw).toBeLessThan(0.85 * before.hall.itPowerMw);
    const after = at(40 + 16);
    expect(after.max).toBeLessThan(28);
    expect(after.hall.gpuUtilPct).toBeGreaterThan(before.hall.gpuUtilPct - 10);
  });

  it('jobCrash: the hall falls from ~90 % to near idle within seconds (≥ 40 points in 60 s), then restarts', () => {
    for (const seed of [1, 2, 20261123]) {
      const start = T0 + 20 * MIN;
      const sim = createSimulator({
        seed,
        incidents: [{ kind: 'jobCrash', site: 'texas', hall: 'h1', start, durationMs: 12 * MIN }],
      });
      const util = (t: number) => hallOf(sim.sampleSite('texas', t), 'h1').gpuUtilPct;
      let peak = 0;
      for (let t = start - 60_000; t < start; t += 1000) peak = Math.max(peak, util(t));
      expect(peak, `seed ${seed}`).toBeGreaterThan(80);
      expect(peak - util(start + 10_000), `seed ${seed}`).toBeGreaterThanOrEqual(40);
      for (let t = start + 10_000; t < start + 12 * MIN; t += 30_000) expect(util(t)).toBeLessThan(20);
      expect(util(start + 12 * MIN + 3 * MIN), `seed ${seed}`).toBeGreaterThan(peak - 25);
    }
  });

  it('powerSurge: the site draws the asked share of its cap, then returns to normal', () => {
    const start = T0 + 5 * MIN;
    const sim = createSimulator({
      seed: 7,
      incidents: [{ kind: 'powerSurge', site: 'texas', start, durationMs: 10 * MIN, pctOfCap: 96 }],
    });
    const share = (t: number) => sim.sampleSite('texas', t).facilityPowerMw / 940;
    expect(share(start - MIN)).toBeLessThan(0.9);
    for (let t = start + 2 * MIN; t < start + 10 * MIN; t += 37_000) {
      expect(share(t)).toBeGreaterThan(0.955);
      expect(share(t)).toBeLessThan(0.965);
    }
    expect(share(start + 12 * MIN)).toBeLessThan(0.9);
    // A target beyond what the halls can draw saturates instead of inventing power.
    const max = createSimulator({
      seed: 7,
      incidents: [{ kind: 'powerSurge', site: 'texas', start, durationMs: 10 * MIN, pctOfCap: 100 }],
    }).sampleSite('texas', start + 5 * MIN);
    expect(max.facilityPowerMw).toBeLessThanOrEqual(940);
    expect(max.gpus.idle).toBe(0);
  });
});
