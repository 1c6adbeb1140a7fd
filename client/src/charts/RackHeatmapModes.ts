import { COOLANT, type MetricId, metricDef, metricsAt, type RackBlock } from '@gigawatt/shared';
import { formatNumber } from '../format/format.ts';
import type { RackColor } from '../router/parseRoute.ts';
import { colorFor, cssGradient } from './colorScale.ts';

/**
 * What the rack heatmap can colour racks by. Each mode is a rack-level metric of the registry (its
 * label, unit and RackBlock column), a colour scale of its own (so the mode is obvious at a glance) and
 * a domain that keeps a colour meaning the same thing all week.
 */
export interface RackMode {
  color: RackColor;
  metric: MetricId;
  /** Legend title and toggle label: the registry's label ("Coolant return"). */
  title: string;
  /** The rack column's unit ("kW", "°C"). */
  unit: string;
  /** The rack column, or undefined when this block does not carry it (coolant in an air-cooled hall). */
  pick: (b: RackBlock) => Float32Array | undefined;
  format: (v: number) => string;
  domain: (values: Float32Array, rackKw: number) => [number, number];
  fill: (v: number, lo: number, hi: number) => string;
  gradient: string;
}

type Rgb = readonly [number, number, number];

/**
 * Coolant return: ColorBrewer GnBu, dark to light (deep blue → teal → pale), a single-hue sequential
 * scale readable with every common colour-vision deficiency. Brightness rises with temperature as on the
 * other two scales, so on the dark page the hottest (flow-starved) racks are the ones that stand out;
 * its cool hues keep it apart from power (viridis) and inlet air (magma).
 */
const COOLANT_STOPS: readonly Rgb[] = [
  [8, 64, 129],
  [8, 104, 172],
  [43, 140, 190],
  [78, 179, 211],
  [123, 204, 196],
  [168, 221, 181],
  [204, 235, 197],
  [224, 243, 219],
  [247, 252, 240],
];

export function coolantColorAt(x: number): Rgb {
  const f = Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
  const pos = f * (COOLANT_STOPS.length - 1);
  const i = Math.min(COOLANT_STOPS.length - 2, Math.floor(pos));
  const k = pos - i;
  const a = COOLANT_STOPS[i]!;
  const b = COOLANT_STOPS[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * k),
    Math.round(a[1] + (b[1] - a[1]) * k),
    Math.round(a[2] + (b[2] - a[2]) * k),
  ];
}

/** 256 CSS colours, so drawing thousands of cells a second allocates no strings. */
const COOLANT_LUT: readonly string[] = Array.from({ length: 256 }, (_, i) => {
  const [r, g, b] = coolantColorAt(i / 255);
  return `rgb(${r},${g},${b})`;
});

export function coolantFill(v: number, lo: number, hi: number): string {
  const f = hi > lo ? (v - lo) / (hi - lo) : 0;
  return COOLANT_LUT[Number.isFinite(f) ? Math.round(Math.min(1, Math.max(0, f)) * 255) : 0]!;
}

const COOLANT_GRADIENT = `linear-gradient(to right, ${COOLANT_STOPS.map(
  ([r, g, b], i) => `rgb(${r},${g},${b}) ${((i / (COOLANT_STOPS.length - 1)) * 100).toFixed(1)}%`,
).join(', ')})`;

/** A fixed band, widened in whole units only if the data leaves it. */
export function widenedDomain(values: Float32Array, band: readonly [number, number]): [number, number] {
  let lo = band[0];
  let hi = band[1];
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    if (x < lo) lo = Math.floor(x);
    if (x > hi) hi = Math.ceil(x);
  }
  return [lo, hi];
}

/** ASHRAE's recommended inlet band. */
const INLET_BAND: readonly [number, number] = [18, 32];

/**
 * From the supply setpoint (a rack that picks up no heat returns at supply) to twice the design rise
 * above it (≈ 10 K at full load, shared/src/coolant.ts [C3]): a healthy rack sits in the lower half,
 * a flow-starved one runs off the top and widens the scale.
 */
export const COOLANT_RETURN_BAND: readonly [number, number] = [
  COOLANT.supplySetpointC,
  COOLANT.supplySetpointC +
    2 * Math.round(1 / ((COOLANT.designLpmPerKw / 60) * COOLANT.densityKgPerL * COOLANT.cpKjPerKgK)),
];

function rackMode(
  color: RackColor,
  metric: MetricId,
  scale: Pick<RackMode, 'fill' | 'gradient' | 'domain'>,
): RackMode {
  const def = metricDef(metric);
  const rack = def.rack;
  if (!rack) throw new Error(`metric ${metric} has no rack column`);
  const digits = def.displayDigits;
  const unit = rack.unit;
  return {
    color,
    metric,
    title: def.label,
    unit,
    pick: (b) => b[rack.column],
    format: (v) => (Number.isFinite(v) ? `${formatNumber(v, digits)} ${unit}` : '—'),
    ...scale,
  };
}

export const RACK_MODES: Readonly<Record<RackColor, RackMode>> = Object.freeze({
  power: rackMode('power', 'itPowerMw', {
    fill: (v, lo, hi) => colorFor('viridis', v, lo, hi),
    gradient: cssGradient('viridis'),
    // 0 to the model's full-load rack power.
    domain: (_v, rackKw) => [0, Math.ceil(rackKw)],
  }),
  temp: rackMode('temp', 'inletTempC', {
    fill: (v, lo, hi) => colorFor('magma', v, lo, hi),
    gradient: cssGradient('magma'),
    domain: (v) => widenedDomain(v, INLET_BAND),
  }),
  coolant: rackMode('coolant', 'coolantReturnC', {
    fill: coolantFill,
    gradient: COOLANT_GRADIENT,
    domain: (v) => widenedDomain(v, COOLANT_RETURN_BAND),
  }),
});

/** The heatmap's modes in toggle order. */
export const RACK_MODE_LIST: readonly RackMode[] = [RACK_MODES.power, RACK_MODES.temp, RACK_MODES.coolant];

/** "Coolant return (°C)": a toggle's label. */
export const rackModeLabel = (m: RackMode): string => `${m.title} (${m.unit})`;

/** "coolant return", "IT power": a mode inside a sentence (acronyms keep their capitals). */
export const rackModeWords = (m: RackMode): string =>
  /^[A-Z]{2}/.test(m.title) ? m.title : m.title.charAt(0).toLowerCase() + m.title.slice(1);

/** Min, mean and max of the finite values (NaN when there are none). */
export function rackStats(values: Float32Array): { min: number; mean: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let n = 0;
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    n++;
  }
  return n ? { min, mean: sum / n, max } : { min: Number.NaN, mean: Number.NaN, max: Number.NaN };
}

export interface RackField {
  metric: MetricId;
  label: string;
  pick: (b: RackBlock) => Float32Array | undefined;
  format: (v: number) => string;
}

/** Every rack-level metric of the registry, for the tooltip: a column added there shows up here. */
export const RACK_FIELDS: readonly RackField[] = metricsAt('rack').map((def) => {
  const rack = def.rack!;
  return {
    metric: def.id,
    label: def.label,
    pick: (b: RackBlock) => b[rack.column],
    format: (v: number) => (Number.isFinite(v) ? `${formatNumber(v, def.displayDigits)} ${rack.unit}` : '—'),
  };
});

/** The tooltip's lines for rack `i`: the mode's own metric first, then the others the block carries. */
export function rackTipLines(b: RackBlock, i: number, mode: RackMode): string[] {
  const fields = [...RACK_FIELDS].sort(
    (x, y) => Number(y.metric === mode.metric) - Number(x.metric === mode.metric),
  );
  const lines: string[] = [];
  for (const f of fields) {
    const col = f.pick(b);
    if (col && i < col.length) lines.push(`${f.label} ${f.format(col[i]!)}`);
  }
  return lines;
}
