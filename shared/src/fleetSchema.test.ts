import { describe, expect, it } from 'vitest';
import { defaultFleet } from './defaultFleet.ts';
import { fleetConfigSchema } from './fleetSchema.ts';

describe('fleet config', () => {
  it('the default fleet is valid and matches DESIGN.md: four sites, IT capacity per site, ~17–19k racks', () => {
    const fleet = fleetConfigSchema.parse(defaultFleet);
    expect(fleet.sites.map((s) => s.id)).toEqual(['louisiana', 'ohio', 'texas', 'missouri']);
    const racks = fleet.sites.flatMap((s) => s.halls).reduce((a, h) => a + h.racks, 0);
    expect(racks).toBeGreaterThan(16_000);
    expect(racks).toBeLessThan(20_000);
    for (const s of fleet.sites) {
      const itMw = s.halls.reduce(
        (a, h) => a + (h.racks * fleet.gpuModels.find((m) => m.id === h.gpuModel)!.rackKw) / 1000,
        0,
      );
      // Installed rack power matches the announced IT capacity within 5 %.
      expect(Math.abs(itMw - s.itCapacityMw) / s.itCapacityMw).toBeLessThan(0.05);
      expect(s.powerCapMw).toBeGreaterThanOrEqual(s.itCapacityMw * s.pueDesign.min);
    }
  });

  it('rejects duplicate ids and halls with unknown GPU models', () => {
    const dup = { ...defaultFleet, sites: [defaultFleet.sites[0]!, defaultFleet.sites[0]!] };
    expect(fleetConfigSchema.safeParse(dup).error?.issues[0]?.message).toMatch(/duplicate site/);
    const site = {
      ...defaultFleet.sites[0]!,
      halls: [{ ...defaultFleet.sites[0]!.halls[0]!, gpuModel: 'tpu' }],
    };
    expect(fleetConfigSchema.safeParse({ ...defaultFleet, sites: [site] }).error?.issues[0]?.message).toMatch(
      /unknown GPU model/,
    );
  });
});
