import type { FleetIndex, SiteSample } from '@gigawatt/shared';
import { capOfSites } from '../store/headlineFigures.ts';
import { pueOf, usdPerHour, weightedUtilization } from './execFigures.ts';

/**
 * The base quantities of a scope (one site, or a roll-up of several) at one instant or one history
 * bucket; every figure on the page derives from these. Keys double as chart/series keys.
 */
export const FIGURE_KEYS = [
  'util',
  'revenue',
  'idleRevenue',
  'rented',
  'internal',
  'idle',
  'failed',
  'facility',
  'it',
  'pue',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export type ScopeFigures = Record<FigureKey, number> & {
  /** rented + internal + idle + failed. */
  total: number;
  /** Facility power cap of the scope's sites (constant, from the fleet config). */
  capMw: number;
};

export { capOfSites as capOf } from '../store/headlineFigures.ts';

/**
 * Figures of the sites in `siteIds` from their newest samples. Revenue and idle-capacity revenue are
 * priced per hall (GPU model); utilization is weighted by allocated GPUs; PUE is Σ facility / Σ IT.
 * Sites without a sample are left out (their cap still counts: the cap is contractual).
 */
export function scopeFigures(
  samples: readonly SiteSample[],
  index: FleetIndex,
  siteIds: readonly string[],
): ScopeFigures {
  const wanted = new Set(siteIds);
  let rented = 0;
  let internal = 0;
  let idle = 0;
  let failed = 0;
  let facility = 0;
  let it = 0;
  let seen = 0;
  const utilParts = [];
  const rentedPriced = [];
  const idlePriced = [];
  for (const s of samples) {
    if (!wanted.has(s.site)) continue;
    seen++;
    rented += s.gpus.rented;
    internal += s.gpus.internal;
    idle += s.gpus.idle;
    failed += s.gpus.failed;
    facility += s.facilityPowerMw;
    it += s.itPowerMw;
    utilParts.push({ utilPct: s.gpuUtilPct, allocatedGpus: s.gpus.rented + s.gpus.internal });
    for (const h of s.halls) {
      const price = index.hallPrice(s.site, h.hall);
      rentedPriced.push({ gpus: h.gpus.rented, pricePerGpuHourUsd: price });
      idlePriced.push({ gpus: h.gpus.idle, pricePerGpuHourUsd: price });
    }
  }
  const none = seen === 0;
  const v = (x: number) => (none ? Number.NaN : x);
  return {
    util: weightedUtilization(utilParts),
    revenue: v(usdPerHour(rentedPriced)),
    idleRevenue: v(usdPerHour(idlePriced)),
    rented: v(rented),
    internal: v(internal),
    idle: v(idle),
    failed: v(failed),
    total: v(rented + internal + idle + failed),
    facility: v(facility),
    it: v(it),
    pue: pueOf(facility, it),
    capMw: capOfSites(index, siteIds),
  };
}
