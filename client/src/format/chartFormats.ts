import { type MetricId, metricDef } from '@gigawatt/shared';
import { formatMetric, formatMw, formatPct, formatTempC } from './format.ts';

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
