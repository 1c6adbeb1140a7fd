import { hallDesignFlowLpm } from '../coolant.ts';
import type { FleetIndex } from '../fleetIndex.ts';
import type { HallConfig } from '../fleetSchema.ts';

export interface LiquidHall {
  hall: HallConfig;
  /** What the loop is built to move (L/min): liquid share of the racks' full IT power × 1.5 L/min per kW. */
  designFlowLpm: number;
}

/**
 * The liquid-cooled halls of the fleet, looked up per sample: undefined for an air-cooled hall (its
 * model says `cooling: 'air'` or nothing) and for a hall the fleet does not have.
 */
export function liquidHalls(idx: FleetIndex): { get(site: string, hall: string): LiquidHall | undefined } {
  const byKey = new Map<string, LiquidHall>();
  for (const s of idx.fleet.sites) {
    for (const h of s.halls) {
      const designFlowLpm = hallDesignFlowLpm(idx, s.id, h.id);
      if (designFlowLpm > 0) byKey.set(`${s.id}/${h.id}`, { hall: h, designFlowLpm });
    }
  }
  return { get: (site, hall) => byKey.get(`${site}/${hall}`) };
}
