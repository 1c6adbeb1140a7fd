import type { TrendLine } from '../charts/TrendChart.tsx';
import { fleetSeries, siteSeries } from '../store/seriesCatalog.ts';

/** Line colours come from the wall theme (CSS variables the chart resolves when it is built). */
export const WALL_COLORS = {
  facility: 'var(--c-facility)',
  it: 'var(--c-it)',
  util: 'var(--c-util)',
} as const;

export const sitePowerLines = (site: string): TrendLine[] => [
  { id: siteSeries(site, 'facilityPowerMw'), name: 'Facility', color: WALL_COLORS.facility, width: 2.25 },
];

export const siteUtilLines = (site: string): TrendLine[] => [
  { id: siteSeries(site, 'gpuUtilPct'), name: 'Utilization', color: WALL_COLORS.util, width: 2.25 },
];

export const fleetPowerLines: TrendLine[] = [
  { id: fleetSeries('facilityPowerMw'), name: 'Facility', color: WALL_COLORS.facility, width: 2.25 },
];

/** A line per site when a subset is charted together (theme variables, like the others). */
export const SITE_LINE_COLORS = [
  'var(--c-facility)',
  'var(--c-site-2)',
  'var(--c-site-3)',
  'var(--c-site-4)',
];
