import type { FleetIndex } from './fleetIndex.ts';
import type { GpuCounts, HallSample, SiteSample } from './sampleSchema.ts';

/** Power usage effectiveness; NaN when there is no IT load to divide by. */
export function pue(facilityPowerMw: number, itPowerMw: number): number {
  return itPowerMw > 0 ? facilityPowerMw / itPowerMw : Number.NaN;
}

export interface GpuShares {
  rented: number;
  internal: number;
  idle: number;
  failed: number;
}

export function gpuShares(g: GpuCounts): GpuShares {
  if (g.total <= 0) return { rented: 0, internal: 0, idle: 0, failed: 0 };
  return {
    rented: g.rented / g.total,
    internal: g.internal / g.total,
    idle: g.idle / g.total,
    failed: g.failed / g.total,
  };
}

export function addGpuCounts(a: GpuCounts, b: GpuCounts): GpuCounts {
  return {
    total: a.total + b.total,
    rented: a.rented + b.rented,
    internal: a.internal + b.internal,
    idle: a.idle + b.idle,
    failed: a.failed + b.failed,
  };
}

export const zeroGpuCounts = (): GpuCounts => ({ total: 0, rented: 0, internal: 0, idle: 0, failed: 0 });

/** Rental run-rate of one hall: rented GPUs × price per GPU-hour of the hall's model. */
export function hallRevenueUsdPerHour(siteId: string, hall: HallSample, idx: FleetIndex): number {
  return hall.gpus.rented * idx.hallPrice(siteId, hall.hall);
}

/** By sample (never changed once parsed): every view and roll-up of a tick asks for the same sums. */
const siteRevenue = new WeakMap<SiteSample, { idx: FleetIndex; usd: number }>();

export function siteRevenueUsdPerHour(sample: SiteSample, idx: FleetIndex): number {
  const hit = siteRevenue.get(sample);
  if (hit && hit.idx === idx) return hit.usd;
  let usd = 0;
  for (const h of sample.halls) usd += hallRevenueUsdPerHour(sample.site, h, idx);
  siteRevenue.set(sample, { idx, usd });
  return usd;
}

/** Facility power headroom under a cap, in MW and as a percentage of the cap. */
export function headroom(facilityPowerMw: number, capMw: number): { mw: number; pct: number } {
  const mw = capMw - facilityPowerMw;
  return { mw, pct: capMw > 0 ? (mw / capMw) * 100 : 0 };
}

export interface FleetTotals {
  t: number;
  facilityPowerMw: number;
  itPowerMw: number;
  powerCapMw: number;
  gpus: GpuCounts;
  /** Weighted by allocated (rented + internal) GPUs, not a mean of site means. */
  gpuUtilPct: number;
  /** Weighted by GPU count. */
  inletTempC: number;
  revenueUsdPerHour: number;
}

/**
 * Sums the totals of several sites into the fleet's: powers, GPUs, revenue and caps add up; utilization
 * is weighted by allocated (rented + internal) GPUs and inlet temperature by GPUs, never a mean of means.
 * A site's totals have the fleet's shape, so a sample (rollupFleet) and a stored history row (the
 * server's store) roll up through this one function.
 */
export function sumTotals(parts: Iterable<FleetTotals>): FleetTotals {
  let facility = 0;
  let it = 0;
  let cap = 0;
  let gpus = zeroGpuCounts();
  let utilWeighted = 0;
  let allocated = 0;
  let tempWeighted = 0;
  let revenue = 0;
  let t = 0;
  for (const p of parts) {
    facility += p.facilityPowerMw;
    it += p.itPowerMw;
    cap += p.powerCapMw;
    gpus = addGpuCounts(gpus, p.gpus);
    const alloc = p.gpus.rented + p.gpus.internal;
    utilWeighted += p.gpuUtilPct * alloc;
    allocated += alloc;
    tempWeighted += p.inletTempC * p.gpus.total;
    revenue += p.revenueUsdPerHour;
    t = Math.max(t, p.t);
  }
  return {
    t,
    facilityPowerMw: facility,
    itPowerMw: it,
    powerCapMw: cap,
    gpus,
    gpuUtilPct: allocated > 0 ? utilWeighted / allocated : 0,
    inletTempC: gpus.total > 0 ? tempWeighted / gpus.total : 0,
    revenueUsdPerHour: revenue,
  };
}

/** One site's sample as totals (its cap from the fleet config, its revenue from its halls' prices). */
export function siteTotals(s: SiteSample, idx: FleetIndex): FleetTotals {
  return {
    t: s.t,
    facilityPowerMw: s.facilityPowerMw,
    itPowerMw: s.itPowerMw,
    powerCapMw: idx.site(s.site)?.powerCapMw ?? 0,
    gpus: s.gpus,
    gpuUtilPct: s.gpuUtilPct,
    inletTempC: s.inletTempC,
    revenueUsdPerHour: siteRevenueUsdPerHour(s, idx),
  };
}

export function rollupFleet(samples: readonly SiteSample[], idx: FleetIndex): FleetTotals {
  return sumTotals(samples.map((s) => siteTotals(s, idx)));
}
