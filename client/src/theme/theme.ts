import { type MetricId, metricDef } from '@gigawatt/shared';

/**
 * A metric's chart colour. The registry (shared/src/metrics/metricRegistry.ts) is the one source of
 * a metric's hue; the page's own palette below refers to it by metric id. Themed pages that need other
 * shades (the wall's light theme) set their own CSS variables instead.
 */
export const metricColor = (id: MetricId): string => metricDef(id).color;

/**
 * Colours, from the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies);
 * state is never shown by colour alone — every coloured mark also has a label, icon or pattern.
 * styles.css repeats the metric hues as variables (--rented, --c-facility, …) for CSS-drawn marks;
 * theme.test.ts keeps them equal to the registry's.
 */
export const palette = {
  text: '#e6edf3',
  muted: '#9aa7b5',
  faint: '#6b7787',
  grid: '#222b37',
  axis: '#3a4556',
  panel: '#141a23',
  facility: metricColor('facilityPowerMw'), // sky blue
  it: metricColor('itPowerMw'),
  cap: '#e69f00', // orange: a limit, distinct from every series colour
  util: metricColor('gpuUtilPct'), // bluish green
  temp: metricColor('inletTempC'),
  rented: metricColor('gpusRented'), // orange
  internal: metricColor('gpusInternal'), // sky blue
  idle: metricColor('gpusIdle'), // neutral grey
  failed: metricColor('gpusFailed'), // reddish purple, hatched
  ok: '#009e73',
  warn: '#f0e442',
  bad: '#d55e00',
  replay: '#56b4e9',
} as const;
