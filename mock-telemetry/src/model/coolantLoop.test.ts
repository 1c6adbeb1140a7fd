import {
  COOLANT,
  cduPumpKw,
  checkRackValues,
  decodeRackWire,
  defaultFleet,
  encodeRackBlock,
  type HallSample,
  indexFleet,
  type SiteSample,
  siteSampleSchema,
} from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFleetModel } from './buildFleetModel.ts';
import { cduFault, coolantSupplyC, rackFlowWeights } from './coolantLoop.ts';
import { rackHeatExposure } from './coolingRise.ts';
import { createSimulator } from './createSimulator.ts';
import type { Incident } from './incidentSchema.ts';

const T_MIN = 946_684_800_000;
const T_MAX = 4_102_444_799_000;
const T0 = Date.UTC(2026, 6, 15, 16, 0, 0);
const MIN = 60_000;
const idx = indexFleet(defaultFleet);
const liquid = (site: string, hall: string) =>
  idx.model(idx.hall(site, hall)!.gpuModel)?.cooling === 'liquid';
const liquidHalls = defaultFleet.sites.flatMap((s) =>
  s.halls.filter((h) => liquid(s.id, h.id)).map((h) => ({ site: s.id, hall: h.id })),
);
const hallOf = (s: SiteSample, hall: string) => s.halls.find((h) => h.hall === hall)!;

/** K per kW at a flow: the loop physics written out, so the test does not lean on the code it checks. */
const kPerKw = (flowLpm: number) => 1 / ((flowLpm / 60) * COOLANT.densityKgPerL * COOLANT.cpKjPerKgK);
/** Heat to the liquid from a hall sample's own IT power (kW). */
const heatKw = (h: HallSample) => COOLANT.liquidHeatShare * h.itPowerMw * 1000;

/** A hall's coolant, checked against its own figures: return − supply = heat / (flow × cp), pump power. */
function checkHall(site: string, h: HallSample) {
  if (!liquid(site, h.hall)) {
    expect(h.coolant, `${site}/${h.hall} is air-cooled`).toBeUndefined();
    return;
  }
  const c = h.coolant!;
  expect(c, `${site}/${h.hall} is liquid-cooled`).toBeDefined();
  // The return is reported to 0.01 °C; supply, flow and IT power are the reported values themselves.
  expect(Math.abs(c.returnC - c.supplyC - heatKw(h) * kPerKw(c.flowLpm))).toBeLessThanOrEqual(0.005 + 1e-9);
  expect(Math.abs(c.cduPowerKw - cduPumpKw(c.flowLpm))).toBeLessThanOrEqual(0.05 + 1e-9);
}

/** Flow-weighted mean of the rack returns, with each rack's flow as the hall's mean rack flow × weight. */
function flowWeightedReturn(returns: Float32Array, weights?: Float64Array): number {
  let sum = 0;
  let flow = 0;
  for (let j = 0; j < returns.length; j++) {
    const w = weights ? weights[j]! : 1;
    sum += w * returns[j]!;
    flow += w;
  }
  return sum / flow;
}

describe('coolant loop: physics from the samples’ own fields', () => {
  it('liquid halls: return − supply = heat / (flow × cp); racks mix to the hall return; air halls have none', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: T_MIN, max: T_MAX }),
        fc.constantFrom(...liquidHalls),
        fc.constantFrom('ohio/h11', 'ohio/h13'),
        (seed, t, at, air) => {
          const sim = createSimulator({ seed });
          for (const s of sim.sampleFleet(t)) {
            expect(siteSampleSchema.safeParse(s).success).toBe(true);
            for (const h of s.halls) checkHall(s.site, h);
          }
          const hall = hallOf(sim.sampleSite(at.site, t), at.hall);
          const block = sim.racks(at.site, at.hall, t);
          const returns = block.coolantReturnC!;
          expect(returns).toHaveLength(block.powerKw.length);
          expect(checkRackValues(block)).toBeNull();
          const c = hall.coolant!;
          // Every rack: its own liquid heat over its share of the flow (the hall's flow / racks).
          const perRack = kPerKw(c.flowLpm / returns.length);
          for (let j = 0; j < returns.length; j += 7) {
            const expected = c.supplyC + COOLANT.liquidHeatShare * block.powerKw[j]! * perRack;
            expect(Math.abs(returns[j]! - expected)).toBeLessThan(1e-4 * expected);
          }
          // Equal flows: the flow-weighted mean is the plain mean, and it is the hall's return (0.01 °C).
          expect(Math.abs(flowWeightedReturn(returns) - c.returnC)).toBeLessThan(0.0055);
          // The binary wire carries the column; an air-cooled hall has none.
          expect(decodeRackWire(encodeRackBlock(block)).coolantReturnC).toEqual(returns);
          const [airSite, airHall] = air.split('/') as [string, string];
          expect(sim.racks(airSite, airHall, t).coolantReturnC).toBeUndefined();
        },
      ),
      { seed: 91, numRuns: 30 },
    );
  });

  it('a normal day in an Ohio GB200 hall: supply near 30 °C, ΔT ≈ 5–10 K, design flow, ≈ 1 % pump power', () => {
    const sim = createSimulator({ seed: 20261123 });
    const design = idx.hall('ohio', 'h10')!.racks * 132 * COOLANT.liquidHeatShare * COOLANT.designLpmPerKw;
    for (const day of [Date.UTC(2026, 0, 15, 5), Date.UTC(2026, 6, 15, 4)]) {
      for (let t = day; t < day + 86_400_000; t += 7 * MIN) {
        const h = hallOf(sim.sampleSite('ohio', t), 'h10');
        const c = h.coolant!;
        expect(c.supplyC).toBeGreaterThan(29.5);
        expect(c.supplyC).toBeLessThan(32.5);
        expect(c.returnC - c.supplyC).toBeGreaterThan(3);
        expect(c.returnC - c.supplyC).toBeLessThan(10.5);
        expect(Math.abs(c.flowLpm / design - 1)).toBeLessThan(0.005);
        expect(c.cduPowerKw / heatKw(h)).toBeLessThan(0.02);
      }
    }
  });

  it('supply drifts up only on afternoons too hot for the dry coolers, and by at most 2 K', () => {
    const h = buildFleetModel(defaultFleet, 1)[1]!.halls[9]!;
    const at = (outdoorC: number) => coolantSupplyC(h, 1_800_000_000, outdoorC, 0);
    expect(at(-10)).toBe(at(24));
    expect(at(29) - at(24)).toBeCloseTo(1, 1);
    expect(at(45) - at(24)).toBeCloseTo(2, 1);
  });

  it('stays deterministic and jumpable: the same seed and second give the same coolant and rack returns', () => {
    const incidents: Incident[] = [
      { kind: 'coolingFailure', site: 'ohio', hall: 'h10', start: T0 + 2 * MIN, durationMs: 20 * MIN },
    ];
    const stepped = createSimulator({ seed: 8, incidents });
    const cold = createSimulator({ seed: 8, incidents });
    const target = T0 + 11 * MIN + 3000;
    for (let t = T0; t < target; t += 13_000) {
      stepped.sampleSite('ohio', t);
      stepped.racks('ohio', 'h10', t);
    }
    expect(hallOf(cold.sampleSite('ohio', target), 'h10').coolant).toEqual(
      hallOf(stepped.sampleSite('ohio', target), 'h10').coolant,
    );
    expect(cold.racks('ohio', 'h10', target).coolantReturnC).toEqual(
      stepped.racks('ohio', 'h10', target).coolantReturnC,
    );
    // Other seeds differ (per-hall setpoint offset and noise).
    const other = hallOf(createSimulator({ seed: 9 }).sampleSite('ohio', T0), 'h10').coolant!;
    expect(other).not.toEqual(hallOf(createSimulator({ seed: 8 }).sampleSite('ohio', T0), 'h10').coolant);
  });
});

describe('coolant loop: a cooling failure in a liquid hall is a CDU fault', () => {
  const start = T0 + 10 * MIN;
  const durationMs = 40 * MIN;
  const sim = createSimulator({
    seed: 20261123,
    incidents: [{ kind: 'coolingFailure', site: 'ohio', hall: 'h10', start, durationMs }],
  });
  const at = (m: number) => {
    const t = start + m * MIN;
    const hall = hallOf(sim.sampleSite('ohio', t), 'h10');
    const block = sim.racks('ohio', 'h10', t);
    const c = hall.coolant!;
    return { hall, c, dT: c.returnC - c.supplyC, block, returns: block.coolantReturnC! };
  };

  it('flow falls, supply and ΔT climb, pump power follows; then it all recovers', () => {
    const before = at(-1);
    const full = at(20);
    expect(before.dT).toBeLessThan(10.5);
    expect(full.c.flowLpm).toBeLessThan(0.45 * before.c.flowLpm);
    expect(full.c.flowLpm).toBeGreaterThan(0.35 * before.c.flowLpm);
    expect(full.c.supplyC - before.c.supplyC).toBeGreaterThan(7);
    expect(full.c.supplyC - before.c.supplyC).toBeLessThan(9);
    // Even with the hall throttled, ΔT climbs well above its normal range.
    expect(full.hall.itPowerMw).toBeLessThan(0.85 * before.hall.itPowerMw);
    expect(full.dT).toBeGreaterThan(12);
    expect(full.c.cduPowerKw).toBeLessThan(0.45 * before.c.cduPowerKw);
    checkHall('ohio', full.hall);
    // Halfway up: between the two.
    const ramp = at(4);
    expect(ramp.c.flowLpm).toBeLessThan(before.c.flowLpm);
    expect(ramp.c.flowLpm).toBeGreaterThan(full.c.flowLpm);
    // Recovery mirrors the air side's: back within the recovery time.
    const after = at(40 + 11);
    expect(Math.abs(after.c.flowLpm / before.c.flowLpm - 1)).toBeLessThan(0.01);
    expect(Math.abs(after.c.supplyC - before.c.supplyC)).toBeLessThan(0.3);
    expect(after.dT).toBeLessThan(10.5);
    expect(after.block.coolantReturnC).toBeDefined();
  });

  it('rack returns mix to the hall return by flow, and climb most on the most exposed racks', () => {
    const h = buildFleetModel(defaultFleet, 20261123)[1]!.hallById.get('h10')!;
    const exposure = rackHeatExposure(h);
    for (const m of [3, 20, 45]) {
      const { c, block, returns } = at(m);
      const weights = rackFlowWeights(h, cduFault([{ sinceS: m * 60, durS: durationMs / 1000 }]));
      expect(Math.abs(flowWeightedReturn(returns, weights) - c.returnC)).toBeLessThan(0.0055);
      expect(checkRackValues(block)).toBeNull();
    }
    // Per kW, the most exposed rack's return rises most (it lost the most flow).
    const { c, block, returns } = at(20);
    let top = 0;
    let bottom = 0;
    for (let j = 0; j < exposure.length; j++) {
      if (exposure[j]! > exposure[top]!) top = j;
      if (exposure[j]! < exposure[bottom]!) bottom = j;
    }
    const perKw = (j: number) => (returns[j]! - c.supplyC) / block.powerKw[j]!;
    let most = 0;
    for (let j = 0; j < returns.length; j++) if (block.powerKw[j]! > 1) most = Math.max(most, perKw(j));
    expect(perKw(top)).toBeGreaterThan(0.999 * most);
    expect(perKw(top)).toBeGreaterThan(2 * perKw(bottom));
    expect(Math.max(...returns) - c.returnC).toBeGreaterThan(5);
  });
});
