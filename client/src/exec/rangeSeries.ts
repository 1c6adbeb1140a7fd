/**
 * One figure over a time range: bucket start times with the bucket's mean and, where the figure maps
 * onto one stored series, its min and max (the band). Live ticks are folded into the newest bucket.
 */
export interface RangeSeries {
  t: number[];
  mean: number[];
  min: number[] | null;
  max: number[] | null;
  /** Bucket width (ms). */
  step: number;
  /** Samples averaged into the newest bucket (estimated for a bucket the server was still filling). */
  lastCount: number;
}

export function emptySeries(step: number, band: boolean): RangeSeries {
  return { t: [], mean: [], min: band ? [] : null, max: band ? [] : null, step, lastCount: 0 };
}

/**
 * Folds one live value at time t into the series: into the newest bucket when t falls inside it (a
 * running mean, widened band), else into a new bucket aligned to the step. Older times are ignored.
 */
export function foldValue(s: RangeSeries, t: number, v: number): void {
  if (!Number.isFinite(t) || !Number.isFinite(v) || !(s.step > 0)) return;
  const bucket = Math.floor(t / s.step) * s.step;
  const n = s.t.length;
  const last = n > 0 ? s.t[n - 1]! : Number.NEGATIVE_INFINITY;
  if (bucket < last) return;
  if (bucket > last) {
    s.t.push(bucket);
    s.mean.push(v);
    s.min?.push(v);
    s.max?.push(v);
    s.lastCount = 1;
    return;
  }
  const c = Math.max(1, s.lastCount);
  s.mean[n - 1] = (s.mean[n - 1]! * c + v) / (c + 1);
  s.lastCount = c + 1;
  if (s.min && v < s.min[n - 1]!) s.min[n - 1] = v;
  if (s.max && v > s.max[n - 1]!) s.max[n - 1] = v;
}

/** Drops buckets that end at or before `from` (a sliding window). */
export function trimBefore(s: RangeSeries, from: number): void {
  let k = 0;
  while (k < s.t.length && s.t[k]! + s.step <= from) k++;
  if (k === 0) return;
  s.t.splice(0, k);
  s.mean.splice(0, k);
  s.min?.splice(0, k);
  s.max?.splice(0, k);
}

export interface PeriodMean {
  /** Mean of the bucket means that start in [from, to); NaN without any. */
  mean: number;
  /** Share (0–1) of the period the buckets cover: a period mostly without data has no fair mean. */
  coverage: number;
}

/** Time-average of a figure over a period, from equal-width buckets. */
export function periodMean(s: RangeSeries | undefined, from: number, to: number): PeriodMean {
  if (!s || !(to > from)) return { mean: Number.NaN, coverage: 0 };
  let sum = 0;
  let n = 0;
  for (let i = 0; i < s.t.length; i++) {
    const t = s.t[i]!;
    // The first bucket may start a little before `from` (bucket alignment); it still belongs here.
    if (t + s.step <= from || t >= to) continue;
    const v = s.mean[i]!;
    if (!Number.isFinite(v)) continue;
    sum += v;
    n++;
  }
  return { mean: n > 0 ? sum / n : Number.NaN, coverage: Math.min(1, (n * s.step) / (to - from)) };
}

/** Periods with less than this share of data get no mean and no change (rather than a misleading one). */
export const MIN_COVERAGE = 0.5;

/**
 * Point-wise combination of two series on the times they share (the mean; bands combined by `band`
 * when both have one and it is given).
 */
export function combineSeries(
  a: RangeSeries,
  b: RangeSeries,
  f: (x: number, y: number) => number,
): RangeSeries {
  const out = emptySeries(a.step, false);
  out.lastCount = a.lastCount;
  let j = 0;
  for (let i = 0; i < a.t.length; i++) {
    const t = a.t[i]!;
    while (j < b.t.length && b.t[j]! < t) j++;
    if (j >= b.t.length) break;
    if (b.t[j] !== t) continue;
    out.t.push(t);
    out.mean.push(f(a.mean[i]!, b.mean[j]!));
  }
  return out;
}

/** A series mapped value by value; a decreasing map swaps min and max so the band stays ordered. */
export function mapSeries(s: RangeSeries, f: (x: number) => number, decreasing = false): RangeSeries {
  const lo = decreasing ? s.max : s.min;
  const hi = decreasing ? s.min : s.max;
  return {
    t: s.t.slice(),
    mean: s.mean.map(f),
    min: lo ? lo.map(f) : null,
    max: hi ? hi.map(f) : null,
    step: s.step,
    lastCount: s.lastCount,
  };
}
