import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COOLANT, cduPumpKw, coolantReturnC, designFlowLpm, hallDesignFlowLpm } from './coolant.ts';
import { defaultFleet } from './defaultFleet.ts';
import { indexFleet } from './fleetIndex.ts';

const gb200 = defaultFleet.gpuModels.find((m) => m.id === 'gb200')!;
const idx = indexFleet(defaultFleet);

describe('coolant loop physics', () => {
  it('puts ΔT near 10 K at full load and design flow', () => {
    const heat = gb200.rackKw * COOLANT.liquidHeatShare;
    const flow = designFlowLpm(gb200, 1);
    expect(coolantReturnC(30, heat, flow) - 30).toBeGreaterThan(9);
    expect(coolantReturnC(30, heat, flow) - 30).toBeLessThan(11);
  });

  it('warms the return in proportion to heat and in inverse proportion to flow', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 15, max: 45, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 10, max: 1e6, noNaN: true }),
        (supply, heat, flow) => {
          const dt = coolantReturnC(supply, heat, flow) - supply;
          expect(dt).toBeGreaterThan(0);
          expect(coolantReturnC(supply, 2 * heat, flow) - supply).toBeCloseTo(2 * dt, 6);
          expect(coolantReturnC(supply, heat, 2 * flow) - supply).toBeCloseTo(dt / 2, 6);
        },
      ),
      { seed: 11, numRuns: 200 },
    );
    expect(coolantReturnC(30, 100, 0)).toBe(30);
  });

  it('spends about 1 % of the heat moved on pumping', () => {
    const flow = designFlowLpm(gb200, 100);
    const heat = gb200.rackKw * 100 * COOLANT.liquidHeatShare;
    expect(cduPumpKw(flow) / heat).toBeGreaterThan(0.005);
    expect(cduPumpKw(flow) / heat).toBeLessThan(0.02);
  });

  it('gives liquid-cooled halls a design flow and air-cooled ones none', () => {
    expect(hallDesignFlowLpm(idx, 'ohio', 'h1')).toBeGreaterThan(0);
    expect(hallDesignFlowLpm(idx, 'ohio', 'h11')).toBe(0);
    expect(hallDesignFlowLpm(idx, 'ohio', 'nope')).toBe(0);
  });
});
