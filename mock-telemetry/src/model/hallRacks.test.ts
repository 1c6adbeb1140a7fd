import {
  checkRackValues,
  decodeRackWire,
  defaultFleet,
  encodeRackBlock,
  RACK_COLUMNS,
} from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFleetModel } from './buildFleetModel.ts';
import { evalHall } from './evalHall.ts';
import { hallRacks } from './hallRacks.ts';
import { siteWeather } from './siteWeather.ts';

const T_MIN = 946_684_800;
const T_MAX = 4_102_444_799;

function rackCheck(seed: number, sec: number, siteIdx: number, hallIdx: number) {
  const sites = buildFleetModel(defaultFleet, seed);
  const s = sites[siteIdx % sites.length]!;
  const h = s.halls[hallIdx % s.halls.length]!;
  const state = evalHall(h, sec, siteWeather(s, sec));
  const allocated = new Int32Array(h.racks);
  const block = hallRacks(h, state, sec * 1000, allocated);
  return { h, state, block, allocated };
}

describe('hallRacks', () => {
  it('sums to the hall: IT power, mean utilization over allocated GPUs, GPU-weighted inlet', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: T_MIN, max: T_MAX }),
        fc.nat(),
        fc.nat(),
        (seed, sec, si, hi) => {
          const { h, state, block, allocated } = rackCheck(seed, sec, si, hi);
          expect(block.powerKw.length).toBe(h.racks);
          let kw = 0;
          let utilSum = 0;
          let alloc = 0;
          let inlet = 0;
          for (let j = 0; j < h.racks; j++) {
            kw += block.powerKw[j]!;
            utilSum += block.utilPct[j]! * allocated[j]!;
            alloc += allocated[j]!;
            inlet += block.inletTempC[j]!;
          }
          expect(Math.abs(kw / 1000 - state.itPowerMw) / state.itPowerMw).toBeLessThan(1e-5);
          expect(alloc).toBe(state.rented + state.internal);
          expect(Math.abs(utilSum / alloc - state.utilPct)).toBeLessThan(1e-3);
          expect(Math.abs(inlet / h.racks - state.inletC)).toBeLessThan(0.05);
          expect(checkRackValues(block)).toBeNull();
        },
      ),
      { seed: 23, numRuns: 40 },
    );
  });

  it('lays out internal, idle and rented racks as distinct groups', () => {
    // Ohio h11 (H100, rented most) at a time with both rented and idle racks.
    const { h, state, block } = rackCheck(2, Math.floor(Date.UTC(2026, 4, 5, 18) / 1000), 1, 10);
    expect(state.rented).toBeGreaterThan(h.gpusPerRack);
    const rentedRacks = block.utilPct.subarray(state.rentedFrom);
    expect(rentedRacks.length).toBe(state.customerRacks.reduce((a, b) => a + b, 0));
    for (const u of rentedRacks) expect(u).toBeGreaterThan(40);
    const idleRackKw = (h.gpusPerRack * h.idleW * h.itPerGpuW) / 1000;
    if (state.idle >= 2 * h.gpusPerRack) {
      const idle = [...block.powerKw.subarray(0, state.rentedFrom)].filter(
        (kw) => Math.abs(kw - idleRackKw) < 1e-3,
      );
      expect(idle.length).toBeGreaterThanOrEqual(1);
    }
    // Racks are heterogeneous within a class: per-rack weights spread utilization.
    const internal = [...block.utilPct.subarray(0, Math.floor(state.internal / h.gpusPerRack) - 1)];
    if (internal.length > 3) expect(Math.max(...internal) - Math.min(...internal)).toBeGreaterThan(0.5);
  });

  it('marks racks with failed GPUs as drawing less than their neighbours would', () => {
    for (let t = 0; t < 200; t++) {
      const sec = Math.floor(Date.UTC(2026, 5, 1) / 1000) + t * 3600;
      const { h, state, block } = rackCheck(8, sec, 0, 0);
      if (state.failedRacks.length === 0) continue;
      const r = state.failedRacks[0]!;
      const full = (h.gpusPerRack * h.provisionedW * h.itPerGpuW) / 1000;
      expect(block.powerKw[r]!).toBeLessThan(full * (1 - state.failedCounts[0]! / h.gpusPerRack) + 1e-3);
      return;
    }
    throw new Error('no failure found in 200 hours');
  });

  it('encodes to the binary wire format and back: four columns for a liquid-cooled hall, three for air', () => {
    const sec = Math.floor(Date.UTC(2026, 8, 9) / 1000);
    // Texas h4 (GB200, liquid): coolant return is the fourth column.
    const { block } = rackCheck(4, sec, 2, 3);
    const wire = encodeRackBlock(block);
    expect(block.coolantReturnC).toHaveLength(block.powerKw.length);
    expect(wire.data.byteLength).toBe(block.powerKw.length * (RACK_COLUMNS.length + 1) * 4);
    expect(decodeRackWire(wire)).toEqual(block);
    // Ohio h11 (H100, air): no coolant column.
    const air = rackCheck(4, sec, 1, 10).block;
    expect(air.coolantReturnC).toBeUndefined();
    const airWire = encodeRackBlock(air);
    expect(airWire.data.byteLength).toBe(air.powerKw.length * RACK_COLUMNS.length * 4);
    expect(decodeRackWire(airWire)).toEqual(air);
  });
});
