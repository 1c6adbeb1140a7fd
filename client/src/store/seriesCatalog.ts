import {
  FLEET_METRICS,
  type FleetConfig,
  formatSeriesId,
  HALL_METRICS,
  type Metric,
  SITE_METRICS,
} from '@gigawatt/shared';

/**
 * Metrics kept in live buffers: every metric of the registry at its level, so a metric added there is
 * buffered (and can be charted or averaged) without a list here to keep up. A metric a hall does not
 * measure (coolant in an air-cooled hall) is buffered as NaN: a gap, never a zero.
 */
export const FLEET_BUFFER_METRICS: readonly Metric[] = FLEET_METRICS;
export const SITE_BUFFER_METRICS: readonly Metric[] = SITE_METRICS;
export const HALL_BUFFER_METRICS: readonly Metric[] = HALL_METRICS;

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
