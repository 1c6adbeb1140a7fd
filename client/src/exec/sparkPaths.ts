import type { RangeSeries } from './rangeSeries.ts';

export interface SparkGeometry {
  /** SVG path of the mean line ('' without data). */
  line: string;
  /** Closed SVG path of the min–max band ('' without a band). */
  band: string;
  /** y of the reference line (a cap), if one was given and fits. */
  refY: number | null;
  last: { x: number; y: number } | null;
  /** Value range mapped onto the height. */
  lo: number;
  hi: number;
  points: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Geometry of a sparkline in a w × h box: time [from, to] across, the series' own value range (with a
 * little air) up, so a small trend stays visible. Points outside [from, to] are left out.
 */
export function sparkPaths(
  s: RangeSeries | undefined,
  from: number,
  to: number,
  w: number,
  h: number,
  ref?: number,
): SparkGeometry {
  const empty: SparkGeometry = { line: '', band: '', refY: null, last: null, lo: 0, hi: 1, points: 0 };
  if (!s || !(to > from) || !(w > 0) || !(h > 0)) return empty;
  const idx: number[] = [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s.t.length; i++) {
    const t = s.t[i]!;
    if (t + s.step <= from || t > to || !Number.isFinite(s.mean[i]!)) continue;
    idx.push(i);
    const a = s.min ? s.min[i]! : s.mean[i]!;
    const b = s.max ? s.max[i]! : s.mean[i]!;
    lo = Math.min(lo, a, s.mean[i]!);
    hi = Math.max(hi, b, s.mean[i]!);
  }
  if (idx.length === 0) return empty;
  if (
    ref !== undefined &&
    Number.isFinite(ref) &&
    ref <= hi + (hi - lo) * 0.5 &&
    ref >= lo - (hi - lo) * 0.5
  ) {
    lo = Math.min(lo, ref);
    hi = Math.max(hi, ref);
  }
  const span = hi - lo;
  const pad = span > 1e-9 * Math.max(1, Math.abs(hi)) ? span * 0.08 : Math.max(Math.abs(hi) * 0.02, 0.5);
  lo -= pad;
  hi += pad;
  const x = (t: number) => r1(((Math.max(from, Math.min(to, t)) - from) / (to - from)) * w);
  const y = (v: number) => r1(h - ((v - lo) / (hi - lo)) * h);
  const line = idx.map((i, k) => `${k === 0 ? 'M' : 'L'}${x(s.t[i]!)} ${y(s.mean[i]!)}`).join('');
  let band = '';
  if (s.min && s.max) {
    const top = idx.map((i, k) => `${k === 0 ? 'M' : 'L'}${x(s.t[i]!)} ${y(s.max![i]!)}`).join('');
    const bottom = idx
      .slice()
      .reverse()
      .map((i) => `L${x(s.t[i]!)} ${y(s.min![i]!)}`)
      .join('');
    band = `${top}${bottom}Z`;
  }
  const li = idx[idx.length - 1]!;
  const refY = ref !== undefined && ref >= lo && ref <= hi ? y(ref) : null;
  return { line, band, refY, last: { x: x(s.t[li]!), y: y(s.mean[li]!) }, lo, hi, points: idx.length };
}
