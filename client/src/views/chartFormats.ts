import { type MetricId, metricDef } from '@gigawatt/shared';
import type { TrendLine } from '../charts/TrendChart.tsx';
import { formatMetric, formatMw, formatPct, formatTempC } from '../format/format.ts';
import { siteSeries } from '../store/seriesCatalog.ts';
import { metricColor } from '../theme.ts';

/** Stable formatter references for charts (a new function per render would defeat memoisation). */
export const mwFormat = (v: number): string => formatMw(v);
export const pctFormat = (v: number): string => formatPct(v);
export const tempFormat = (v: number): string => formatTempC(v);

const metricFormats = new Map<MetricId, (v: number) => string>();
/** A chart's formatter for a metric (its registry unit and precision), one reference per metric. */
export function metricFormat(id: MetricId): (v: number) => string {
  let f = metricFormats.get(id);
  if (!f) {
    f = (v: number) => formatMetric(id, v);
    metricFormats.set(id, f);
  }
  return f;
}

/** A chart of one metric titled by the registry: "GPU utilization (%)". */
export function metricTitle(id: MetricId): string {
  const def = metricDef(id);
  return def.unit ? `${def.label} (${def.unit})` : def.label;
}

/** A power chart's own wording with the registry's power unit: "Facility power vs cap (MW)". */
export const powerTitle = (text: string): string => `${text} (${metricDef('facilityPowerMw').unit})`;

/** A site's line of one metric in the registry's colour; the legend name is the chart's own wording. */
export const siteLine = (
  site: string,
  metric: MetricId,
  name: string,
  style?: Pick<TrendLine, 'area' | 'width'>,
): TrendLine => ({ id: siteSeries(site, metric), name, color: metricColor(metric), ...style });
