import {
  addGpuCounts,
  type FleetIndex,
  type GpuCounts,
  type SiteSample,
  siteRevenueUsdPerHour,
  zeroGpuCounts,
} from '@gigawatt/shared';
import type { ColumnBuffer } from './columnBuffer.ts';
import { rollingMean } from './rollingMean.ts';
import { siteSeries } from './seriesCatalog.ts';

/**
 * The headline figures of a scope (one site or several), as the big numbers show them. Power,
 * utilization, PUE and inlet temperature swing by the second (synchronous training), so they are
 * rolling means over the window from the live column buffers. GPU counts and what they earn move by
 * contract and failure, not by the second: they are as of the newest sample, so a count, its share and
 * its revenue always agree with each other.
 */
export interface HeadlineFigures {
  facilityPowerMw: number;
  itPowerMw: number;
  /** Weighted by allocated GPUs, as the fleet roll-up is. */
  gpuUtilPct: number;
  /** Σ facility ÷ Σ IT over the window (an energy ratio, not a mean of ratios). */
  pue: number;
  /** Weighted by GPUs. */
  inletTempC: number;
  revenueUsdPerHour: number;
  gpus: GpuCounts | null;
  /** Sum of the caps of the scope's sites (contractual: counted with or without data). */
  capMw: number;
  /** Power as a share of the cap, in %. */
  capUsedPct: number;
  /** Sites of the scope that have sent at least one sample. */
  sitesWithData: number;
}

/** Sum of the facility caps of these sites (contractual: counted with or without data). */
export function capOfSites(index: FleetIndex, siteIds: readonly string[]): number {
  let cap = 0;
  for (const id of siteIds) cap += index.site(id)?.powerCapMw ?? 0;
  return cap;
}

/** The sample's own value without a window; else the mean of the window ending at the sample. */
function meanOr(buf: ColumnBuffer | undefined, windowMs: number, endT: number, sampleValue: number): number {
  if (!(windowMs > 0)) return sampleValue;
  const m = rollingMean(buf, windowMs, endT);
  // Before the sample reaches the buffers (or without buffers) the sample itself is the best figure.
  return Number.isFinite(m) ? m : sampleValue;
}

/** The site series a headline averages over its window (the rest are as of the newest second). */
export const AVERAGED_METRICS = ['facilityPowerMw', 'itPowerMw', 'gpuUtilPct', 'inletTempC'] as const;
type AveragedMetric = (typeof AVERAGED_METRICS)[number];

/** Figures of the sites in `siteIds`, averaged over `windowMs` (0: the newest second). */
export function scopeHeadline(
  series: ReadonlyMap<string, ColumnBuffer>,
  samples: ReadonlyMap<string, SiteSample>,
  siteIds: readonly string[],
  index: FleetIndex,
  windowMs: number,
): HeadlineFigures {
  let facility = 0;
  let it = 0;
  let utilWeighted = 0;
  let allocated = 0;
  let tempWeighted = 0;
  let revenue = 0;
  let gpus = zeroGpuCounts();
  const cap = capOfSites(index, siteIds);
  let seen = 0;
  const mean = (s: SiteSample, metric: AveragedMetric, value: number) =>
    meanOr(series.get(siteSeries(s.site, metric)), windowMs, s.t, value);
  for (const id of siteIds) {
    const s = samples.get(id);
    if (!s) continue;
    seen++;
    facility += mean(s, 'facilityPowerMw', s.facilityPowerMw);
    it += mean(s, 'itPowerMw', s.itPowerMw);
    const alloc = s.gpus.rented + s.gpus.internal;
    utilWeighted += mean(s, 'gpuUtilPct', s.gpuUtilPct) * alloc;
    allocated += alloc;
    tempWeighted += mean(s, 'inletTempC', s.inletTempC) * s.gpus.total;
    revenue += siteRevenueUsdPerHour(s, index);
    gpus = addGpuCounts(gpus, s.gpus);
  }
  const v = (x: number) => (seen === 0 ? Number.NaN : x);
  return {
    facilityPowerMw: v(facility),
    itPowerMw: v(it),
    gpuUtilPct: allocated > 0 ? utilWeighted / allocated : Number.NaN,
    pue: it > 0 ? facility / it : Number.NaN,
    inletTempC: gpus.total > 0 ? tempWeighted / gpus.total : Number.NaN,
    revenueUsdPerHour: v(revenue),
    gpus: seen === 0 ? null : gpus,
    capMw: cap,
    capUsedPct: seen > 0 && cap > 0 ? (facility / cap) * 100 : Number.NaN,
    sitesWithData: seen,
  };
}

/** A share of the scope's GPUs (0–1), or NaN without data. */
export function gpuShareOf(h: HeadlineFigures, part: keyof Omit<GpuCounts, 'total'>): number {
  return h.gpus && h.gpus.total > 0 ? h.gpus[part] / h.gpus.total : Number.NaN;
}
