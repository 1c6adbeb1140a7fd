import type { FleetTotals } from './derived.ts';
import { hallRevenueUsdPerHour, siteRevenueUsdPerHour } from './derived.ts';
import type { FleetIndex } from './fleetIndex.ts';
import { METRIC_REGISTRY, type MetricId, metricDef, metricsAt } from './metrics/metricRegistry.ts';
import type { HallSample, SiteSample } from './sampleSchema.ts';

/** Every metric id, in registry order (the order of the store's rows). */
export const METRICS: readonly MetricId[] = Object.freeze(METRIC_REGISTRY.map((d) => d.id));
export type Metric = MetricId;

/** Halls have no facility meter of their own, so facility power and PUE exist at site and fleet level only. */
export const HALL_METRICS: readonly Metric[] = Object.freeze(metricsAt('hall').map((d) => d.id));
export const SITE_METRICS: readonly Metric[] = Object.freeze(metricsAt('site').map((d) => d.id));
export const FLEET_METRICS: readonly Metric[] = Object.freeze(metricsAt('fleet').map((d) => d.id));

export const METRIC_UNITS = Object.freeze(
  Object.fromEntries(METRIC_REGISTRY.map((d) => [d.id, d.unit])) as Record<Metric, string>,
);

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
  if (parts[0] === 'fleet' && parts.length === 2) {
    if (!FLEET_METRICS.includes(metric)) return `metric "${metric}" does not exist at fleet level`;
    return { level: 'fleet', metric };
  }
  if (parts[0] === 'site' && parts.length === 3) {
    const site = parts[1]!;
    if (idx && !idx.site(site)) return `unknown site "${site}" in series "${id}"`;
    if (!SITE_METRICS.includes(metric)) return `metric "${metric}" does not exist at site level`;
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

export function siteMetric(s: SiteSample, m: Metric, idx: FleetIndex): number {
  return metricDef(m).read(s, () => siteRevenueUsdPerHour(s, idx));
}

// The hall being read, for one reusable revenue thunk: every hall of every tick is read per metric, and
// a closure per read was a fifth of what a dashboard allocated per tick.
let readSite = '';
let readHall: HallSample | null = null;
let readIdx: FleetIndex | null = null;
const readHallRevenue = () => hallRevenueUsdPerHour(readSite, readHall!, readIdx!);

export function hallMetric(site: string, h: HallSample, m: Metric, idx: FleetIndex): number {
  readSite = site;
  readHall = h;
  readIdx = idx;
  return metricDef(m).read(h, readHallRevenue);
}

export function fleetMetric(f: FleetTotals, m: Metric): number {
  return metricDef(m).read(f, () => f.revenueUsdPerHour);
}
