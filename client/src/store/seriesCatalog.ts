import { type FleetConfig, formatSeriesId, type Metric } from '@gigawatt/shared';

/** Metrics kept in live buffers: what the views chart or summarise. */
export const FLEET_BUFFER_METRICS = [
  'facilityPowerMw',
  'itPowerMw',
  'gpuUtilPct',
  'pue',
  'revenueUsdPerHour',
  'rentedShare',
] as const satisfies readonly Metric[];

export const SITE_BUFFER_METRICS = [
  'facilityPowerMw',
  'itPowerMw',
  'gpuUtilPct',
  'pue',
  'inletTempC',
  'revenueUsdPerHour',
  'rentedShare',
] as const satisfies readonly Metric[];

export const HALL_BUFFER_METRICS = [
  'itPowerMw',
  'gpuUtilPct',
  'inletTempC',
] as const satisfies readonly Metric[];

export const fleetSeries = (metric: Metric): string => formatSeriesId({ level: 'fleet', metric });
export const siteSeries = (site: string, metric: Metric): string =>
  formatSeriesId({ level: 'site', site, metric });
export const hallSeries = (site: string, hall: string, metric: Metric): string =>
  formatSeriesId({ level: 'hall', site, hall, metric });

/** Every series id buffered for a fleet. */
export function bufferedSeriesIds(fleet: FleetConfig): string[] {
  const ids = FLEET_BUFFER_METRICS.map(fleetSeries);
  for (const s of fleet.sites) {
    for (const m of SITE_BUFFER_METRICS) ids.push(siteSeries(s.id, m));
    for (const h of s.halls) for (const m of HALL_BUFFER_METRICS) ids.push(hallSeries(s.id, h.id, m));
  }
  return ids;
}
