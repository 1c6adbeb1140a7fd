import type { FleetTotals } from './derived.ts';
import { gpuShares, hallRevenueUsdPerHour, pue, siteRevenueUsdPerHour } from './derived.ts';
import type { FleetIndex } from './fleetIndex.ts';
import type { HallSample, SiteSample } from './sampleSchema.ts';

export const METRICS = [
  'facilityPowerMw',
  'itPowerMw',
  'gpuUtilPct',
  'inletTempC',
  'gpusTotal',
  'gpusRented',
  'gpusInternal',
  'gpusIdle',
  'gpusFailed',
  'pue',
  'rentedShare',
  'revenueUsdPerHour',
] as const;
export type Metric = (typeof METRICS)[number];

/** Halls have no facility meter of their own, so facility power and PUE exist at site and fleet level only. */
export const HALL_METRICS: readonly Metric[] = METRICS.filter((m) => m !== 'facilityPowerMw' && m !== 'pue');

export const METRIC_UNITS: Record<Metric, string> = {
  facilityPowerMw: 'MW',
  itPowerMw: 'MW',
  gpuUtilPct: '%',
  inletTempC: '°C',
  gpusTotal: 'GPUs',
  gpusRented: 'GPUs',
  gpusInternal: 'GPUs',
  gpusIdle: 'GPUs',
  gpusFailed: 'GPUs',
  pue: '',
  rentedShare: '',
  revenueUsdPerHour: '$/h',
};

export type SeriesRef =
  | { level: 'fleet'; metric: Metric }
  | { level: 'site'; site: string; metric: Metric }
  | { level: 'hall'; site: string; hall: string; metric: Metric };

const metricSet = new Set<string>(METRICS);
const isMetric = (m: string): m is Metric => metricSet.has(m);

export function formatSeriesId(ref: SeriesRef): string {
  switch (ref.level) {
    case 'fleet':
      return `fleet:${ref.metric}`;
    case 'site':
      return `site:${ref.site}:${ref.metric}`;
    case 'hall':
      return `hall:${ref.site}:${ref.hall}:${ref.metric}`;
  }
}

/** Parses a series id; returns an error message for anything malformed or unknown to the fleet. */
export function parseSeriesId(id: string, idx?: FleetIndex): SeriesRef | string {
  const parts = id.split(':');
  const metric = parts[parts.length - 1] ?? '';
  if (!isMetric(metric)) return `unknown metric "${metric}" in series "${id}"`;
  if (parts[0] === 'fleet' && parts.length === 2) return { level: 'fleet', metric };
  if (parts[0] === 'site' && parts.length === 3) {
    const site = parts[1]!;
    if (idx && !idx.site(site)) return `unknown site "${site}" in series "${id}"`;
    return { level: 'site', site, metric };
  }
  if (parts[0] === 'hall' && parts.length === 4) {
    const site = parts[1]!;
    const hall = parts[2]!;
    if (idx && !idx.hall(site, hall)) return `unknown hall "${site}/${hall}" in series "${id}"`;
    if (!HALL_METRICS.includes(metric)) return `metric "${metric}" does not exist at hall level`;
    return { level: 'hall', site, hall, metric };
  }
  return `malformed series id "${id}" (expected fleet:<metric>, site:<site>:<metric> or hall:<site>:<hall>:<metric>)`;
}

interface Measured {
  facilityPowerMw?: number;
  itPowerMw: number;
  gpus: { total: number; rented: number; internal: number; idle: number; failed: number };
  gpuUtilPct: number;
  inletTempC: number;
}

function metricOf(m: Metric, x: Measured, revenue: number): number {
  switch (m) {
    case 'facilityPowerMw':
      return x.facilityPowerMw ?? Number.NaN;
    case 'itPowerMw':
      return x.itPowerMw;
    case 'gpuUtilPct':
      return x.gpuUtilPct;
    case 'inletTempC':
      return x.inletTempC;
    case 'gpusTotal':
      return x.gpus.total;
    case 'gpusRented':
      return x.gpus.rented;
    case 'gpusInternal':
      return x.gpus.internal;
    case 'gpusIdle':
      return x.gpus.idle;
    case 'gpusFailed':
      return x.gpus.failed;
    case 'pue':
      return x.facilityPowerMw === undefined ? Number.NaN : pue(x.facilityPowerMw, x.itPowerMw);
    case 'rentedShare':
      return gpuShares(x.gpus).rented;
    case 'revenueUsdPerHour':
      return revenue;
  }
}

export function siteMetric(s: SiteSample, m: Metric, idx: FleetIndex): number {
  return metricOf(m, s, m === 'revenueUsdPerHour' ? siteRevenueUsdPerHour(s, idx) : 0);
}

export function hallMetric(site: string, h: HallSample, m: Metric, idx: FleetIndex): number {
  const measured = {
    itPowerMw: h.itPowerMw,
    gpus: h.gpus,
    gpuUtilPct: h.gpuUtilPct,
    inletTempC: h.inletTempC,
  };
  return metricOf(m, measured, m === 'revenueUsdPerHour' ? hallRevenueUsdPerHour(site, h, idx) : 0);
}

export function fleetMetric(f: FleetTotals, m: Metric): number {
  return metricOf(m, f, f.revenueUsdPerHour);
}
