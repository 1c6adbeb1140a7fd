/** A "nice" step (1, 2, 2.5, 5 × 10^k) close to `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = 10 ** Math.floor(Math.log10(raw));
  const f = raw / exp;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * exp;
}

/**
 * A y-axis range around [lo, hi] rounded to nice steps, with some air, never below `floor` —
 * so a flat line sits mid-chart instead of on an axis edge.
 */
export function niceRange(
  lo: number,
  hi: number,
  floor = Number.NEGATIVE_INFINITY,
): { min: number; max: number; step: number } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { min: 0, max: 1, step: 0.25 };
  if (hi < lo) [lo, hi] = [hi, lo];
  const span = hi - lo;
  const flat = span <= 1e-9 * Math.max(1, Math.abs(hi));
  const pad = flat ? Math.max(Math.abs(hi) * 0.05, 1) : span * 0.15;
  const step = niceStep((span + 2 * pad) / 4);
  // min/max with the input guard against floating-point rounding at extreme magnitudes.
  const min = Math.max(floor, Math.min(lo, Math.floor((lo - pad) / step) * step));
  const max = Math.max(hi, Math.ceil((hi + pad) / step) * step);
  return { min, max: max > min ? max : min + step, step };
}

/**
 * The y labels of an axis from yMin to yMax: the multiples of the smallest nice step, from `step` up,
 * that gives at most `maxLabels` of them. Multiples only, so the labels stay evenly spaced and round
 * whatever the bounds: an axis from 400 to 1,000 with room for three reads 500, 750, 1,000, where
 * ECharts, left to fit three labels between bounds that are not multiples of its step, drew 400, 600,
 * 900 and 1,000, the last two nearly on top of each other.
 */
export function yTicks(
  yMin: number,
  yMax: number,
  step: number,
  maxLabels: number,
): { step: number; ticks: number[] } {
  const multiples = (s: number) => {
    const out: number[] = [];
    const d = stepDecimals(s);
    const first = Math.ceil(yMin / s - 1e-9);
    const last = Math.floor(yMax / s + 1e-9);
    for (let k = first; k <= last && out.length <= maxLabels; k++) out.push(Number((k * s).toFixed(d)));
    return out;
  };
  if (!(step > 0) || !(yMax > yMin) || !Number.isFinite(yMin) || !Number.isFinite(yMax)) {
    return { step: 1, ticks: [] };
  }
  let s = niceStep(step);
  let ticks = multiples(s);
  while (ticks.length > Math.max(1, maxLabels)) {
    const next = niceStep(s * 1.000001);
    const more = multiples(next);
    // A step past the whole range leaves no label at all: keep the last one that had some.
    if (more.length === 0) break;
    s = next;
    ticks = more;
  }
  return { step: s, ticks: ticks.slice(0, Math.max(1, maxLabels)) };
}

/** Decimals needed to print multiples of `step` exactly (2.5 → 1, 0.25 → 2, 50 → 0). */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 6; d++) {
    const x = step * 10 ** d;
    if (Math.abs(x - Math.round(x)) < 1e-6 * Math.max(1, x)) return d;
  }
  return 6;
}

const TIME_STEPS = [60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/** Multiples of `step` (ms since epoch, so whole minutes) within [min, max]. */
export function timeTicks(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  if (!(step > 0) || !(max >= min)) return out;
  for (let t = Math.ceil(min / step) * step; t <= max && out.length < 100; t += step) out.push(t);
  return out;
}

/** Spacing of time-axis labels so that about one label fits per `labelPx` of width. */
export function timeLabelInterval(windowMs: number, widthPx: number, labelPx = 72): number {
  const fit = Math.max(2, Math.floor(widthPx / labelPx));
  const raw = windowMs / fit;
  return TIME_STEPS.find((s) => s >= raw) ?? TIME_STEPS[TIME_STEPS.length - 1]!;
}
