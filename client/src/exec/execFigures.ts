/**
 * The executive view's derived figures as plain functions: no I/O, no React, tested by properties
 * against straightforward reference computations (execFigures.test.ts).
 */

/** 365 days × 24 h: the convention finance uses to annualize an hourly run-rate. */
export const HOURS_PER_YEAR = 8760;

export interface UtilPart {
  /** Mean utilization of the part's allocated GPUs (0–100). */
  utilPct: number;
  /** GPUs the mean is taken over: rented + internal. */
  allocatedGpus: number;
}

/**
 * Utilization of a group of sites, weighted by the GPUs each site's mean is taken over (allocated
 * GPUs), so a small site cannot pull the figure as far as a large one: never a mean of site means.
 * NaN when nothing is allocated. Parts with a non-finite value or weight are left out.
 */
export function weightedUtilization(parts: readonly UtilPart[]): number {
  let weighted = 0;
  let weight = 0;
  for (const p of parts) {
    if (!Number.isFinite(p.utilPct) || !Number.isFinite(p.allocatedGpus) || p.allocatedGpus <= 0) continue;
    weighted += p.utilPct * p.allocatedGpus;
    weight += p.allocatedGpus;
  }
  return weight > 0 ? weighted / weight : Number.NaN;
}

export interface GpuStateCounts {
  rented: number;
  internal: number;
  idle: number;
  failed: number;
}

export interface GpuStateShares extends GpuStateCounts {
  total: number;
}

/** Each state as a share (0–1) of all GPUs; NaN shares when there are no GPUs at all. */
export function gpuStateShares(c: GpuStateCounts): GpuStateShares {
  const total = c.rented + c.internal + c.idle + c.failed;
  const share = (x: number) => (total > 0 ? x / total : Number.NaN);
  return {
    total,
    rented: share(c.rented),
    internal: share(c.internal),
    idle: share(c.idle),
    failed: share(c.failed),
  };
}

export interface PricedGpus {
  gpus: number;
  /** Rental price of the GPU model, $ per GPU-hour. */
  pricePerGpuHourUsd: number;
}

/** Σ GPUs × price of their model: the rental run-rate of rented GPUs, or what idle GPUs would earn. */
export function usdPerHour(parts: readonly PricedGpus[]): number {
  let usd = 0;
  for (const p of parts) usd += p.gpus * p.pricePerGpuHourUsd;
  return usd;
}

/** An hourly run-rate held for a year. */
export function annualize(usdPerHourValue: number): number {
  return usdPerHourValue * HOURS_PER_YEAR;
}

export interface Headroom {
  /** Cap minus draw (negative when over the cap). */
  mw: number;
  /** Headroom as a percentage of the cap; NaN without a positive cap. */
  pct: number;
  /** Draw as a percentage of the cap; NaN without a positive cap. */
  usedPct: number;
}

export function powerHeadroom(facilityPowerMw: number, capMw: number): Headroom {
  const ok = capMw > 0 && Number.isFinite(capMw);
  return {
    mw: capMw - facilityPowerMw,
    pct: ok ? ((capMw - facilityPowerMw) / capMw) * 100 : Number.NaN,
    usedPct: ok ? (facilityPowerMw / capMw) * 100 : Number.NaN,
  };
}

/** Facility power over IT power; NaN without IT load. */
export function pueOf(facilityPowerMw: number, itPowerMw: number): number {
  return itPowerMw > 0 ? facilityPowerMw / itPowerMw : Number.NaN;
}

export interface Change {
  /** current − previous, in the figure's unit (percentage points for percentages). */
  abs: number;
  /** Relative change in percent of |previous|; NaN when previous is zero or either side is missing. */
  rel: number;
  /** 'flat' when the change is within `flatWithin` (same unit as abs). */
  direction: 'up' | 'down' | 'flat' | 'unknown';
}

/** Change of a period's figure against the previous period of the same length. */
export function changeVsPrevious(current: number, previous: number, flatWithin = 0): Change {
  if (!Number.isFinite(current) || !Number.isFinite(previous)) {
    return { abs: Number.NaN, rel: Number.NaN, direction: 'unknown' };
  }
  const abs = current - previous;
  const rel = previous !== 0 ? (abs / Math.abs(previous)) * 100 : Number.NaN;
  const direction = Math.abs(abs) <= flatWithin ? 'flat' : abs > 0 ? 'up' : 'down';
  return { abs, rel, direction };
}

export interface SpreadInput {
  id: string;
  value: number;
}

export interface Spread {
  min: number;
  max: number;
  minId: string;
  maxId: string;
  /** The site at the bad end for this figure (lowest utilization, highest PUE, …). */
  worstId: string;
  /** Sites with a finite value. */
  n: number;
}

/**
 * Range of a figure across sites and the site at its bad end, so one site in trouble cannot hide behind
 * a good average. Non-finite values are left out; null when no site has a value. Ties go to the first.
 */
export function spreadAcross(values: readonly SpreadInput[], worse: 'low' | 'high'): Spread | null {
  let best: Spread | null = null;
  for (const { id, value } of values) {
    if (!Number.isFinite(value)) continue;
    if (!best) {
      best = { min: value, max: value, minId: id, maxId: id, worstId: id, n: 1 };
      continue;
    }
    best.n++;
    if (value < best.min) {
      best.min = value;
      best.minId = id;
    }
    if (value > best.max) {
      best.max = value;
      best.maxId = id;
    }
  }
  if (best) best.worstId = worse === 'low' ? best.minId : best.maxId;
  return best;
}
