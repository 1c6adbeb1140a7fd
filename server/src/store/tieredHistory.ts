import type { TierName } from '@gigawatt/shared';

export interface TierSpec {
  name: TierName;
  stepMs: number;
  capacity: number;
}

/**
 * 1 s for an hour, 10 s for a day, 1 min for a week (DESIGN.md "store: latest + tiered history"), each
 * with a little extra so an exact "last hour" or "last 24 h" request, made a moment after the last
 * bucket, is still served from the finer tier.
 */
export const DEFAULT_TIERS: readonly TierSpec[] = [
  { name: '1s', stepMs: 1000, capacity: 3600 + 300 },
  { name: '10s', stepMs: 10_000, capacity: 8640 + 180 },
  { name: '1m', stepMs: 60_000, capacity: 10_080 + 180 },
];

/**
 * One tier: a ring of buckets shared by every series of a table, with mean/min/max columns per series.
 * Float32 keeps a week of ~500 series near 100 MB; its 7 significant digits exceed every sensor here.
 */
interface Tier {
  spec: TierSpec;
  times: Float64Array;
  mean: Float32Array[];
  min: Float32Array[];
  max: Float32Array[];
  /** Index of the next write; `size` counts filled slots. */
  head: number;
  size: number;
  /** The bucket being accumulated (not yet in the ring). */
  open: { t: number; sum: Float64Array; min: Float64Array; max: Float64Array; count: number } | null;
}

export interface Bucket {
  t: number;
  mean: number;
  min: number;
  max: number;
}

export interface SeriesColumns {
  t: number[];
  mean: number[];
  min: number[];
  max: number[];
}

export class TieredHistory {
  readonly keys: readonly string[];
  private readonly index: Map<string, number>;
  private readonly tiers: Tier[];

  constructor(keys: readonly string[], tiers: readonly TierSpec[] = DEFAULT_TIERS) {
    this.keys = keys;
    this.index = new Map(keys.map((k, i) => [k, i]));
    this.tiers = tiers.map((spec) => ({
      spec,
      times: new Float64Array(spec.capacity),
      mean: keys.map(() => new Float32Array(spec.capacity)),
      min: keys.map(() => new Float32Array(spec.capacity)),
      max: keys.map(() => new Float32Array(spec.capacity)),
      head: 0,
      size: 0,
      open: null,
    }));
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get tierSpecs(): readonly TierSpec[] {
    return this.tiers.map((t) => t.spec);
  }

  /** Newest time recorded (ms), or -Infinity. */
  get lastT(): number {
    const tier = this.tiers[0]!;
    if (tier.open) return tier.open.t;
    return tier.size > 0 ? tier.times[(tier.head - 1 + tier.spec.capacity) % tier.spec.capacity]! : -Infinity;
  }

  /** Records one row of values (in key order) at time t; rows older than the newest are ignored. */
  append(t: number, values: ArrayLike<number>): void {
    for (const tier of this.tiers) this.accumulate(tier, t, values, values, values, 1);
  }

  /**
   * Writes an already-aggregated bucket straight into one tier (history synthesis), so a week of past
   * does not have to be generated second by second.
   */
  appendAggregate(
    tierName: TierName,
    t: number,
    mean: ArrayLike<number>,
    min: ArrayLike<number>,
    max: ArrayLike<number>,
  ): void {
    const tier = this.tiers.find((x) => x.spec.name === tierName);
    if (!tier) throw new Error(`unknown tier ${tierName}`);
    this.accumulate(tier, t, mean, min, max, 1);
  }

  private accumulate(
    tier: Tier,
    t: number,
    mean: ArrayLike<number>,
    min: ArrayLike<number>,
    max: ArrayLike<number>,
    weight: number,
  ): void {
    const step = tier.spec.stepMs;
    const bucket = Math.floor(t / step) * step;
    const n = this.keys.length;
    let open = tier.open;
    if (open && bucket < open.t) return;
    if (!open || bucket > open.t) {
      if (open) this.flush(tier);
      if (tier.size > 0 && bucket <= tier.times[(tier.head - 1 + tier.spec.capacity) % tier.spec.capacity]!)
        return;
      open = {
        t: bucket,
        sum: new Float64Array(n),
        min: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
        max: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
        count: 0,
      };
      tier.open = open;
    }
    for (let i = 0; i < n; i++) {
      open.sum[i]! += mean[i]! * weight;
      if (min[i]! < open.min[i]!) open.min[i] = min[i]!;
      if (max[i]! > open.max[i]!) open.max[i] = max[i]!;
    }
    open.count += weight;
  }

  private flush(tier: Tier): void {
    const open = tier.open;
    if (!open || open.count === 0) return;
    const at = tier.head;
    tier.times[at] = open.t;
    for (let i = 0; i < this.keys.length; i++) {
      tier.mean[i]![at] = open.sum[i]! / open.count;
      tier.min[i]![at] = open.min[i]!;
      tier.max[i]![at] = open.max[i]!;
    }
    tier.head = (at + 1) % tier.spec.capacity;
    tier.size = Math.min(tier.size + 1, tier.spec.capacity);
    tier.open = null;
  }

  /** Oldest time each tier still holds (Infinity when empty). */
  oldest(tierIndex: number): number {
    const tier = this.tiers[tierIndex]!;
    if (tier.size === 0) return tier.open ? tier.open.t : Number.POSITIVE_INFINITY;
    const start = (tier.head - tier.size + tier.spec.capacity) % tier.spec.capacity;
    return tier.times[start]!;
  }

  /**
   * The finest tier whose retained span reaches back to `from`; if none does, the coarsest that has data.
   * A range that straddles tiers is served wholly from the coarser one so a chart has one resolution.
   */
  pickTier(from: number): number {
    for (let i = 0; i < this.tiers.length; i++) {
      if (this.oldest(i) <= from) return i;
    }
    for (let i = this.tiers.length - 1; i >= 0; i--) {
      if (this.tiers[i]!.size > 0 || this.tiers[i]!.open) return i;
    }
    return this.tiers.length - 1;
  }

  /** Buckets of one series in [from, to] at one tier, including the bucket still being filled. */
  read(key: string, tierIndex: number, from: number, to: number): Bucket[] {
    const k = this.index.get(key);
    if (k === undefined) return [];
    const tier = this.tiers[tierIndex]!;
    const out: Bucket[] = [];
    const cap = tier.spec.capacity;
    const start = (tier.head - tier.size + cap) % cap;
    // Binary search the first bucket ≥ from: the ring is sorted by time.
    let lo = 0;
    let hi = tier.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tier.times[(start + mid) % cap]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let j = lo; j < tier.size; j++) {
      const at = (start + j) % cap;
      const t = tier.times[at]!;
      if (t > to) break;
      out.push({ t, mean: tier.mean[k]![at]!, min: tier.min[k]![at]!, max: tier.max[k]![at]! });
    }
    const open = tier.open;
    if (open && open.count > 0 && open.t >= from && open.t <= to) {
      out.push({ t: open.t, mean: open.sum[k]! / open.count, min: open.min[k]!, max: open.max[k]! });
    }
    return out;
  }
}

/**
 * Merges consecutive buckets so no more than maxPoints remain: min of mins, max of maxes, mean of means.
 * Groups are aligned to multiples of the merged step so a chart's buckets do not shift as time advances.
 */
export function downsample(
  buckets: readonly Bucket[],
  stepMs: number,
  maxPoints: number,
): { step: number; out: SeriesColumns } {
  const out: SeriesColumns = { t: [], mean: [], min: [], max: [] };
  if (buckets.length === 0) return { step: stepMs, out };
  const first = buckets[0]!.t;
  const last = buckets[buckets.length - 1]!.t;
  const span = Math.floor((last - first) / stepMs) + 1;
  const factor = Math.max(1, Math.ceil(span / Math.max(1, maxPoints)));
  const step = stepMs * factor;
  let groupT = Number.NaN;
  let sum = 0;
  let count = 0;
  let mn = Number.POSITIVE_INFINITY;
  let mx = Number.NEGATIVE_INFINITY;
  const emit = () => {
    if (count === 0) return;
    out.t.push(groupT);
    out.mean.push(sum / count);
    out.min.push(mn);
    out.max.push(mx);
  };
  for (const b of buckets) {
    if (!Number.isFinite(b.mean)) continue;
    const g = Math.floor(b.t / step) * step;
    if (g !== groupT) {
      emit();
      groupT = g;
      sum = 0;
      count = 0;
      mn = Number.POSITIVE_INFINITY;
      mx = Number.NEGATIVE_INFINITY;
    }
    sum += b.mean;
    count++;
    if (b.min < mn) mn = b.min;
    if (b.max > mx) mx = b.max;
  }
  emit();
  // Aligned grouping can yield one group more than maxPoints; fold the oldest two together.
  while (out.t.length > maxPoints && out.t.length > 1) {
    out.t.shift();
    const m0 = out.mean.shift()!;
    const n0 = out.min.shift()!;
    const x0 = out.max.shift()!;
    out.mean[0] = (out.mean[0]! + m0) / 2;
    out.min[0] = Math.min(out.min[0]!, n0);
    out.max[0] = Math.max(out.max[0]!, x0);
  }
  return { step, out };
}
