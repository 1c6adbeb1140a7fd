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
 * One tier: buckets addressed by time (slot = bucket index modulo capacity), shared by every series of a
 * table, with mean/min/max columns per series. Addressing by time rather than appending lets late data
 * land in its own second, and makes every write idempotent: writing the same row twice, or replaying a
 * log over a snapshot that already holds part of it, gives the same history.
 * Float32 keeps a week of ~500 series near 100 MB; its 7 significant digits exceed every sensor here.
 */
interface Tier {
  spec: TierSpec;
  /** Every series's mean, min and max columns, one after another: mean, min and max are views of it. */
  block: Float32Array;
  /** Bucket start per slot; NaN when the slot is empty. */
  times: Float64Array;
  /** Seconds of data behind each bucket: the weight a bucket carries into the next coarser tier. */
  weight: Float32Array;
  mean: Float32Array[];
  min: Float32Array[];
  max: Float32Array[];
  /** Newest and earliest bucket ever written (NaN while empty). */
  newest: number;
  earliest: number;
}

export interface Bucket {
  t: number;
  mean: number;
  min: number;
  max: number;
}

/** One series merged down: the four columns have the same length. */
export interface DownsampledColumns {
  t: Float64Array;
  mean: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

const EMPTY_COLUMNS: DownsampledColumns = {
  t: new Float64Array(0),
  mean: new Float64Array(0),
  min: new Float64Array(0),
  max: new Float64Array(0),
};

export interface SeriesColumns {
  t: number[];
  mean: number[];
  min: number[];
  max: number[];
}

/**
 * The held span of one tier as copies (checkpoints): `count` buckets from `from`, oldest first, with
 * NaN times for empty buckets; columns in the table's key order. Only what is held is written, so a
 * fresh server's checkpoint is small.
 */
export interface TierChunk {
  name: TierName;
  stepMs: number;
  capacity: number;
  newest: number;
  earliest: number;
  from: number;
  count: number;
  times: Float64Array;
  weight: Float32Array;
  mean: Float32Array[];
  min: Float32Array[];
  max: Float32Array[];
}

/** Memory reused by exportChunks from one chunk to the next (a checkpoint writer's). */
export class ChunkScratch {
  private f32 = new Float32Array(0);
  private f64 = new Float64Array(0);

  float32(n: number): Float32Array {
    if (this.f32.length < n) this.f32 = new Float32Array(n);
    return this.f32.subarray(0, n);
  }

  float64(n: number): Float64Array {
    if (this.f64.length < n) this.f64 = new Float64Array(n);
    return this.f64.subarray(0, n);
  }
}

/** One tier whole, as its ring: what TieredHistory.exportBlock hands over and adoptBlock takes. */
export interface TierBlock {
  name: TierName;
  stepMs: number;
  capacity: number;
  /** 3 × keys columns of `capacity`: key k's mean, min and max at (3k + 0, 1, 2) × capacity. */
  block: Float32Array;
  times: Float64Array;
  weight: Float32Array;
}

/** The per-series column views of a tier block. */
function columnsOf(block: Float32Array, keys: number, cap: number) {
  const column = (k: number, c: number) => block.subarray((3 * k + c) * cap, (3 * k + c + 1) * cap);
  const range = Array.from({ length: keys }, (_, k) => k);
  return {
    block,
    mean: range.map((k) => column(k, 0)),
    min: range.map((k) => column(k, 1)),
    max: range.map((k) => column(k, 2)),
  };
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

export class TieredHistory {
  readonly keys: readonly string[];
  private readonly index: Map<string, number>;
  private readonly tiers: Tier[];

  constructor(keys: readonly string[], tiers: readonly TierSpec[] = DEFAULT_TIERS) {
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i]!.stepMs % tiers[i - 1]!.stepMs !== 0)
        throw new RangeError('each tier step must be a multiple of the finer one');
    }
    this.keys = keys;
    this.index = new Map(keys.map((k, i) => [k, i]));
    this.tiers = tiers.map((spec) => {
      /*
       * One block per tier, each series's columns views into it: a block this size is mapped, not
       * allocated and zeroed, so its pages are touched as buckets fill instead of all at construction
       * (about 190 MB for the default fleet: 0.9 s of a 2 s start-up as a thousand small arrays).
       */
      const cap = spec.capacity;
      return {
        spec,
        ...columnsOf(new Float32Array(keys.length * cap * 3), keys.length, cap),
        times: new Float64Array(cap).fill(Number.NaN),
        weight: new Float32Array(cap),
        newest: Number.NaN,
        earliest: Number.NaN,
      };
    });
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get tierSpecs(): readonly TierSpec[] {
    return this.tiers.map((t) => t.spec);
  }

  /** Newest time recorded in the finest tier (ms), or -Infinity. */
  get lastT(): number {
    const n = this.tiers[0]!.newest;
    return Number.isNaN(n) ? Number.NEGATIVE_INFINITY : n;
  }

  /**
   * Records one row of values (in key order) for the second containing t: the finest tier's bucket is
   * replaced, and the coarser buckets containing t are recomputed from the finer tier. Returns false when
   * t is older than the finest tier keeps.
   */
  append(t: number, values: ArrayLike<number>): boolean {
    if (!this.writeBucket(this.tiers[0]!, t, values, values, values, 1)) return false;
    for (let i = 1; i < this.tiers.length; i++) this.recompute(i, t);
    return true;
  }

  /**
   * Records one row into the finest tier only, leaving the coarser buckets to rollUp(): synthesizing an
   * hour second by second recomputed each 1 min bucket sixty times (70 % of the first start's hour).
   */
  appendRow(t: number, values: ArrayLike<number>): boolean {
    return this.writeBucket(this.tiers[0]!, t, values, values, values, 1);
  }

  /** Recomputes every coarser bucket overlapping [from, to] from the finer tiers (after appendRow). */
  rollUp(from: number, to: number): void {
    for (let i = 1; i < this.tiers.length; i++) {
      const step = this.tiers[i]!.spec.stepMs;
      for (let t = Math.floor(from / step) * step; t <= to; t += step) this.recompute(i, t);
    }
  }

  /**
   * Writes an already-aggregated bucket straight into one tier (history synthesis), so a week of past
   * does not have to be generated second by second. It stands for a full bucket of data.
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
    this.writeBucket(tier, t, mean, min, max, tier.spec.stepMs / 1000);
  }

  /** True when the finest tier holds a row for the second containing t. */
  hasRow(t: number): boolean {
    const tier = this.tiers[0]!;
    const bucket = Math.floor(t / tier.spec.stepMs) * tier.spec.stepMs;
    return tier.times[mod(bucket / tier.spec.stepMs, tier.spec.capacity)] === bucket;
  }

  /** Copies the finest tier's row for the second containing t into out; false when there is none. */
  rowAt(t: number, out: Float64Array, count = this.keys.length): boolean {
    const tier = this.tiers[0]!;
    const bucket = Math.floor(t / tier.spec.stepMs) * tier.spec.stepMs;
    const slot = mod(bucket / tier.spec.stepMs, tier.spec.capacity);
    if (tier.times[slot] !== bucket) return false;
    for (let k = 0; k < count; k++) out[k] = tier.mean[k]![slot]!;
    return true;
  }

  /** Seconds (bucket starts) the finest tier holds, oldest first. */
  rowTimes(): number[] {
    const tier = this.tiers[0]!;
    const out: number[] = [];
    for (const t of tier.times) if (!Number.isNaN(t)) out.push(t);
    return out.sort((a, b) => a - b);
  }

  private writeBucket(
    tier: Tier,
    t: number,
    mean: ArrayLike<number>,
    min: ArrayLike<number>,
    max: ArrayLike<number>,
    weight: number,
  ): boolean {
    const { stepMs, capacity } = tier.spec;
    const bucket = Math.floor(t / stepMs) * stepMs;
    if (!Number.isFinite(bucket)) return false;
    if (!Number.isNaN(tier.newest) && bucket <= tier.newest - capacity * stepMs) return false;
    const slot = mod(bucket / stepMs, capacity);
    tier.times[slot] = bucket;
    tier.weight[slot] = weight;
    for (let k = 0; k < this.keys.length; k++) {
      tier.mean[k]![slot] = mean[k]!;
      tier.min[k]![slot] = min[k]!;
      tier.max[k]![slot] = max[k]!;
    }
    if (!(bucket <= tier.newest)) tier.newest = bucket;
    if (!(bucket >= tier.earliest)) tier.earliest = bucket;
    return true;
  }

  /** Rebuilds tier i's bucket containing t from the buckets of tier i-1 inside it. */
  private recompute(i: number, t: number): void {
    const tier = this.tiers[i]!;
    const finer = this.tiers[i - 1]!;
    const step = tier.spec.stepMs;
    const fstep = finer.spec.stepMs;
    const bucket = Math.floor(t / step) * step;
    if (!Number.isNaN(tier.newest) && bucket <= tier.newest - tier.spec.capacity * step) return;
    const slot = mod(bucket / step, tier.spec.capacity);
    const n = this.keys.length;
    let total = 0;
    const slots: number[] = [];
    for (let ft = bucket; ft < bucket + step; ft += fstep) {
      const fs = mod(ft / fstep, finer.spec.capacity);
      if (finer.times[fs] !== ft) continue;
      slots.push(fs);
      total += finer.weight[fs]!;
    }
    if (slots.length === 0) return;
    for (let k = 0; k < n; k++) {
      const fm = finer.mean[k]!;
      const fmin = finer.min[k]!;
      const fmax = finer.max[k]!;
      let sum = 0;
      let w = 0;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const fs of slots) {
        const m = fm[fs]!;
        // A hall missing from some seconds must not turn the whole bucket into NaN.
        if (!Number.isFinite(m)) continue;
        const fw = finer.weight[fs]!;
        sum += m * fw;
        w += fw;
        if (fmin[fs]! < lo) lo = fmin[fs]!;
        if (fmax[fs]! > hi) hi = fmax[fs]!;
      }
      tier.mean[k]![slot] = w > 0 ? sum / w : Number.NaN;
      tier.min[k]![slot] = w > 0 ? lo : Number.NaN;
      tier.max[k]![slot] = w > 0 ? hi : Number.NaN;
    }
    tier.times[slot] = bucket;
    tier.weight[slot] = total;
    if (!(bucket <= tier.newest)) tier.newest = bucket;
    if (!(bucket >= tier.earliest)) tier.earliest = bucket;
  }

  /** Oldest time each tier still holds (Infinity when empty). */
  oldest(tierIndex: number): number {
    const tier = this.tiers[tierIndex]!;
    if (Number.isNaN(tier.newest)) return Number.POSITIVE_INFINITY;
    return Math.max(tier.earliest, tier.newest - (tier.spec.capacity - 1) * tier.spec.stepMs);
  }

  /**
   * The finest tier whose retained span reaches back to `from`; if none does, the coarsest that has data.
   * A range that straddles tiers is served wholly from the coarser one so a chart has one resolution.
   */
  pickTier(from: number): number {
    for (let i = 0; i < this.tiers.length; i++) {
      if (this.oldest(i) <= from || this.holdsAllPast(i)) return i;
    }
    for (let i = this.tiers.length - 1; i >= 0; i--) {
      if (!Number.isNaN(this.tiers[i]!.newest)) return i;
    }
    return this.tiers.length - 1;
  }

  /**
   * A young history: tier i has lost nothing to its ring and starts no later than any coarser tier
   * (within that tier's bucket), so it holds all the past there is — a new server's last 15 minutes come
   * at 1 s, not at 1 min.
   */
  private holdsAllPast(i: number): boolean {
    const tier = this.tiers[i]!;
    if (Number.isNaN(tier.newest) || this.oldest(i) > tier.earliest) return false;
    for (let j = i + 1; j < this.tiers.length; j++) {
      const coarse = this.tiers[j]!;
      if (!Number.isNaN(coarse.earliest) && tier.earliest >= coarse.earliest + coarse.spec.stepMs)
        return false;
    }
    return true;
  }

  /** Buckets of one series in [from, to] at one tier, oldest first (the newest may still be filling). */
  read(key: string, tierIndex: number, from: number, to: number): Bucket[] {
    const k = this.index.get(key);
    if (k === undefined) return [];
    const tier = this.tiers[tierIndex]!;
    const out: Bucket[] = [];
    if (Number.isNaN(tier.newest)) return out;
    const { stepMs, capacity } = tier.spec;
    const start = Math.max(Math.ceil(from / stepMs) * stepMs, this.oldest(tierIndex));
    const end = Math.min(to, tier.newest);
    const mean = tier.mean[k]!;
    const min = tier.min[k]!;
    const max = tier.max[k]!;
    for (let t = start; t <= end; t += stepMs) {
      const slot = mod(t / stepMs, capacity);
      if (tier.times[slot] !== t) continue;
      out.push({ t, mean: mean[slot]!, min: min[slot]!, max: max[slot]! });
    }
    return out;
  }

  /**
   * Several series of this table at one tier, merged down to at most maxPoints buckets each, straight
   * from the columns into typed arrays (no per-bucket objects): the same answer as read() + downsample(),
   * in one pass over the held slots, whose grouping is worked out once for every key. The columns are
   * views of `arena` when it holds 4 × keys × (maxPoints + 1) values (a caller that prints them at once
   * and reuses it; at most maxPoints + 1 groups before the fold), else of a new buffer.
   */
  readDownsampled(
    keys: readonly string[],
    tierIndex: number,
    from: number,
    to: number,
    maxPoints: number,
    arena?: Float64Array,
  ): { step: number; columns: DownsampledColumns[] } {
    const tier = this.tiers[tierIndex]!;
    const { stepMs, capacity } = tier.spec;
    const empty = () => ({ step: stepMs, columns: keys.map(() => EMPTY_COLUMNS) });
    if (Number.isNaN(tier.newest)) return empty();
    const start = Math.max(Math.ceil(from / stepMs) * stepMs, this.oldest(tierIndex));
    const end = Math.min(to, tier.newest);
    if (!(start <= end)) return empty();
    const { slots, times, groupTimes, bounds } = scratchFor(Math.floor((end - start) / stepMs) + 1);
    const held = heldSlots(tier.times, start, end, stepMs, capacity, slots, times);
    if (held === 0) return empty();
    const span = Math.floor((times[held - 1]! - times[0]!) / stepMs) + 1;
    const factor = Math.max(1, Math.ceil(span / Math.max(1, maxPoints)));
    const step = stepMs * factor;
    // Merged buckets as runs of held slots [bounds[g], bounds[g + 1]): the same for every key.
    const groups = groupRuns(times, held, step, groupTimes, bounds);
    // One buffer for every key's four columns: the caller's arena when it is large enough, else new.
    const size = 4 * groups * keys.length;
    const all = arena && arena.length >= size ? arena : new Float64Array(size);
    const columns = keys.map((key, i): DownsampledColumns => {
      const k = this.index.get(key);
      if (k === undefined) return EMPTY_COLUMNS;
      const at = 4 * groups * i;
      const out = {
        t: all.subarray(at, at + groups),
        mean: all.subarray(at + groups, at + 2 * groups),
        min: all.subarray(at + 2 * groups, at + 3 * groups),
        max: all.subarray(at + 3 * groups, at + 4 * groups),
      };
      const n = mergeGroups(
        tier.mean[k]!,
        tier.min[k]!,
        tier.max[k]!,
        slots,
        bounds,
        groupTimes,
        groups,
        out,
      );
      return foldTypedToMax(
        n === groups
          ? out
          : {
              t: out.t.subarray(0, n),
              mean: out.mean.subarray(0, n),
              min: out.min.subarray(0, n),
              max: out.max.subarray(0, n),
            },
        maxPoints,
      );
    });
    return { step, columns };
  }

  /**
   * One chunk per tier, copied now, so a checkpoint can be written while appends go on. Each chunk's
   * columns are views of one block ([weight, mean₀, min₀, max₀, mean₁, …], the file's order); with
   * `scratch` that block is reused from chunk to chunk (valid until the next is pulled), so a checkpoint
   * copies into memory already touched instead of faulting in ~180 MB of new pages on the live thread.
   */
  *exportChunks(scratch?: ChunkScratch): Generator<TierChunk> {
    for (let i = 0; i < this.tiers.length; i++) {
      const copy = this.chunkCopy(i, scratch);
      copy.columns(0, this.keys.length);
      yield copy.finish();
    }
  }

  /**
   * One tier's chunk copied in parts (TelemetryStore.exportChunksSliced: a checkpoint yields to ticks
   * and requests between them): `columns(a, b)` copies keys [a, b), `finish()` hands the chunk over,
   * its buckets that the ring reused for a newer time while the copy went on marked as not held (some
   * of their columns hold the newer bucket). A bucket still filling may differ from column to column;
   * the sample log replayed over the checkpoint rewrites it.
   */
  chunkCopy(i: number, scratch?: ChunkScratch): { columns(a: number, b: number): void; finish(): TierChunk } {
    const tier = this.tiers[i]!;
    const { stepMs, capacity, name } = tier.spec;
    const empty = Number.isNaN(tier.newest);
    const from = empty ? 0 : this.oldest(i);
    const count = empty ? 0 : (tier.newest - from) / stepMs + 1;
    const newest = tier.newest;
    const earliest = tier.earliest;
    // The held span is at most two contiguous runs of the ring: copied with memcpy, not per element.
    const first = mod(from / stepMs, capacity);
    const head = Math.min(count, capacity - first);
    const pick = <A extends Float32Array | Float64Array>(src: A, out: A): A => {
      out.set(src.subarray(first, first + head));
      if (head < count) out.set(src.subarray(0, count - head), head);
      return out;
    };
    const keys = this.keys.length;
    const block = scratch
      ? scratch.float32(count * (1 + 3 * keys))
      : new Float32Array(count * (1 + 3 * keys));
    const column = (c: number) => block.subarray(c * count, (c + 1) * count);
    const times = pick(tier.times, scratch ? scratch.float64(count) : new Float64Array(count));
    const weight = pick(tier.weight, column(0));
    const mean = this.keys.map((_, k) => column(1 + 3 * k));
    const min = this.keys.map((_, k) => column(2 + 3 * k));
    const max = this.keys.map((_, k) => column(3 + 3 * k));
    return {
      columns(a, b) {
        for (let k = a; k < b; k++) {
          pick(tier.mean[k]!, mean[k]!);
          pick(tier.min[k]!, min[k]!);
          pick(tier.max[k]!, max[k]!);
        }
      },
      finish() {
        // Buckets the ring has since reused for other times are not part of the held span.
        for (let j = 0; j < count; j++) {
          const t = from + j * stepMs;
          if (times[j] !== t || tier.times[mod(t / stepMs, capacity)] !== t) times[j] = Number.NaN;
        }
        return { name, stepMs, capacity, newest, earliest, from, count, times, weight, mean, min, max };
      },
    };
  }

  /**
   * Restores one tier from a checkpoint chunk taken with `keys` (which may differ from this table's after
   * a fleet change: columns are matched by key, and tiers by name and step; a column the checkpoint did
   * not have reads NaN, not zero). Also merges a chunk synthesized elsewhere (the backfill worker) into a
   * tier that is being written: only the chunk's held buckets are written, and none the ring could not
   * hold beside its newest bucket, so a merge never overwrites newer data in a reused slot.
   */
  importChunk(keys: readonly string[], chunk: TierChunk): void {
    const tier = this.tiers.find((t) => t.spec.name === chunk.name);
    if (!tier || tier.spec.stepMs !== chunk.stepMs || chunk.count === 0) return;
    const { stepMs, capacity } = tier.spec;
    const held = (j: number) => {
      const t = chunk.times[j]!;
      return !Number.isNaN(t) && t % stepMs === 0;
    };
    let newest = tier.newest;
    for (let j = 0; j < chunk.count; j++)
      if (held(j) && !(chunk.times[j]! <= newest)) newest = chunk.times[j]!;
    if (Number.isNaN(newest)) return;
    // Buckets at or before this are outside the ring's reach once `newest` is written.
    const floor = newest - capacity * stepMs;
    const byKey = new Map(keys.map((k, c) => [k, c]));
    const cols = this.keys.map((key) => byKey.get(key) ?? -1);
    // Runs of held buckets whose ring slots are consecutive: each column is copied a run at a time.
    let j = 0;
    while (j < chunk.count) {
      if (!held(j) || chunk.times[j]! <= floor) {
        j++;
        continue;
      }
      const a = j;
      const t0 = chunk.times[a]!;
      const slot = mod(t0 / stepMs, capacity);
      while (j < chunk.count && chunk.times[j] === t0 + (j - a) * stepMs && j - a < capacity - slot) j++;
      this.copyRun(tier, cols, chunk, a, j, slot);
      const t1 = chunk.times[j - 1]!;
      if (!(t1 <= tier.newest)) tier.newest = t1;
      if (!(t0 >= tier.earliest)) tier.earliest = t0;
    }
  }

  /**
   * Hands one tier over whole, ring and all (the backfill worker: its buckets were written there, so the
   * receiver's thread does not pay for touching the memory). This table's tier starts again empty.
   */
  exportBlock(name: TierName): TierBlock {
    const tier = this.tiers.find((t) => t.spec.name === name);
    if (!tier) throw new Error(`unknown tier ${name}`);
    const { stepMs, capacity } = tier.spec;
    const out: TierBlock = {
      name,
      stepMs,
      capacity,
      block: tier.block,
      times: tier.times,
      weight: tier.weight,
    };
    Object.assign(tier, columnsOf(new Float32Array(tier.block.length), this.keys.length, capacity), {
      times: new Float64Array(capacity).fill(Number.NaN),
      weight: new Float32Array(capacity),
      newest: Number.NaN,
      earliest: Number.NaN,
    });
    return out;
  }

  /** True when a block exported by a table with `keys` can be adopted by this one. */
  fits(keys: readonly string[], b: TierBlock): boolean {
    const tier = this.tiers.find((t) => t.spec.name === b.name);
    if (!tier || tier.spec.stepMs !== b.stepMs || tier.spec.capacity !== b.capacity) return false;
    if (keys.length !== this.keys.length || keys.some((k, i) => k !== this.keys[i])) return false;
    return (
      b.block.length === this.keys.length * b.capacity * 3 &&
      b.times.length === b.capacity &&
      b.weight.length === b.capacity
    );
  }

  /**
   * Takes a block (see fits) as this tier, keeping what this tier holds: per slot the newer bucket wins,
   * so live buckets written meanwhile stay, and none the ring could not hold beside its newest remains;
   * of two buckets for the same time, the one with more seconds behind it (a bucket half here, half in
   * the block, recomputed here whole). Only this tier's kept buckets are copied (the recent past), not
   * the block's (the synthesized week).
   */
  adoptBlock(b: TierBlock): void {
    const tier = this.tiers.find((t) => t.spec.name === b.name)!;
    const { stepMs, capacity: cap } = tier.spec;
    const times = b.times;
    const weight = b.weight;
    const cols = 3 * this.keys.length;
    let newest = tier.newest;
    for (let s = 0; s < cap; s++) if (!Number.isNaN(times[s]!) && !(times[s]! <= newest)) newest = times[s]!;
    const floor = newest - cap * stepMs;
    const keep = (s: number) => {
      const mine = tier.times[s]!;
      const theirs = times[s]!;
      if (Number.isNaN(mine) || mine <= floor) return false;
      if (Number.isNaN(theirs) || mine > theirs) return true;
      return mine === theirs && tier.weight[s]! >= weight[s]!;
    };
    let s = 0;
    while (s < cap) {
      if (!keep(s)) {
        s++;
        continue;
      }
      // A run of slots where this tier's bucket is kept: copied column by column.
      const a = s;
      while (s < cap && keep(s)) s++;
      times.set(tier.times.subarray(a, s), a);
      weight.set(tier.weight.subarray(a, s), a);
      for (let c = 0; c < cols; c++) b.block.set(tier.block.subarray(c * cap + a, c * cap + s), c * cap + a);
    }
    let earliest = Number.NaN;
    for (let i = 0; i < cap; i++) {
      const t = times[i]!;
      if (t <= floor) times[i] = Number.NaN;
      else if (!Number.isNaN(t) && !(t >= earliest)) earliest = t;
    }
    Object.assign(tier, columnsOf(b.block, this.keys.length, cap), { times, weight, newest, earliest });
  }

  /** Chunk buckets [a, b) into ring slots from `slot` (consecutive, no wrap), column by column. */
  private copyRun(tier: Tier, cols: readonly number[], chunk: TierChunk, a: number, b: number, slot: number) {
    tier.times.set(chunk.times.subarray(a, b), slot);
    tier.weight.set(chunk.weight.subarray(a, b), slot);
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k]!;
      if (c < 0) {
        tier.mean[k]!.fill(Number.NaN, slot, slot + b - a);
        tier.min[k]!.fill(Number.NaN, slot, slot + b - a);
        tier.max[k]!.fill(Number.NaN, slot, slot + b - a);
      } else {
        tier.mean[k]!.set(chunk.mean[c]!.subarray(a, b), slot);
        tier.min[k]!.set(chunk.min[c]!.subarray(a, b), slot);
        tier.max[k]!.set(chunk.max[c]!.subarray(a, b), slot);
      }
    }
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
  foldToMax(out, maxPoints);
  return { step, out };
}

/**
 * Working arrays of readDownsampled, kept between calls (which never overlap: it is synchronous, and
 * nothing it returns refers to them). New ones per call were a megabyte of array buffers per history
 * answer, and V8 answers array buffers allocated at that rate with a full GC every few answers.
 */
let scratch = {
  slots: new Int32Array(0),
  times: new Float64Array(0),
  groupTimes: new Float64Array(0),
  bounds: new Int32Array(1),
};

function scratchFor(n: number): typeof scratch {
  if (scratch.slots.length < n) {
    scratch = {
      slots: new Int32Array(n),
      times: new Float64Array(n),
      groupTimes: new Float64Array(n),
      bounds: new Int32Array(n + 1),
    };
  }
  return scratch;
}

/** The slots of a tier's ring holding buckets start..end (in time order) and their times; returns how many. */
function heldSlots(
  ringTimes: Float64Array,
  start: number,
  end: number,
  stepMs: number,
  capacity: number,
  slots: Int32Array,
  times: Float64Array,
): number {
  let held = 0;
  // The ring slot advances with t (a floating-point modulo per bucket cost more than the rest of the scan).
  let slot = mod(start / stepMs, capacity);
  for (let t = start; t <= end; t += stepMs) {
    if (ringTimes[slot] === t) {
      slots[held] = slot;
      times[held++] = t;
    }
    if (++slot === capacity) slot = 0;
  }
  return held;
}

/**
 * Groups held bucket times by multiples of step: group g starts at groupTimes[g] and is the run of
 * held slots [bounds[g], bounds[g + 1]); returns the number of groups.
 */
function groupRuns(
  times: Float64Array,
  held: number,
  step: number,
  groupTimes: Float64Array,
  bounds: Int32Array,
): number {
  let groups = 0;
  for (let j = 0; j < held; j++) {
    const g = Math.floor(times[j]! / step) * step;
    if (groups === 0 || g !== groupTimes[groups - 1]) {
      groupTimes[groups] = g;
      bounds[groups++] = j;
    }
  }
  bounds[groups] = held;
  return groups;
}

/**
 * One key's merged buckets into out (mean of means, min of mins, max of maxes per group of held slots),
 * skipping groups with no finite value; returns how many were written. A function of its own, not a
 * closure made per call: the closure's optimized code was thrown away again and again ("insufficient
 * type feedback"), and the loop ran unoptimized, boxing a number per slot: 3.7 MB of garbage per table.
 */
function mergeGroups(
  mean: Float32Array,
  min: Float32Array,
  max: Float32Array,
  slots: Int32Array,
  bounds: Int32Array,
  groupTimes: Float64Array,
  groups: number,
  out: DownsampledColumns,
): number {
  const oT = out.t;
  const oMean = out.mean;
  const oMin = out.min;
  const oMax = out.max;
  let n = 0;
  for (let g = 0; g < groups; g++) {
    let sum = 0;
    let count = 0;
    let mn = Number.POSITIVE_INFINITY;
    let mx = Number.NEGATIVE_INFINITY;
    const end = bounds[g + 1]!;
    for (let j = bounds[g]!; j < end; j++) {
      const slot = slots[j]!;
      const m = mean[slot]!;
      // Not finite (a hall missing that second): m - m is NaN.
      if (m - m !== 0) continue;
      sum += m;
      count++;
      const lo = min[slot]!;
      const hi = max[slot]!;
      if (lo < mn) mn = lo;
      if (hi > mx) mx = hi;
    }
    if (count === 0) continue;
    oT[n] = groupTimes[g]!;
    oMean[n] = sum / count;
    oMin[n] = mn;
    oMax[n++] = mx;
  }
  return n;
}

/** foldToMax on typed columns: the same arithmetic, as views that start later (no copy). */
function foldTypedToMax(c: DownsampledColumns, maxPoints: number): DownsampledColumns {
  let off = 0;
  const n = c.t.length;
  while (n - off > maxPoints && n - off > 1) {
    c.mean[off + 1] = (c.mean[off + 1]! + c.mean[off]!) / 2;
    c.min[off + 1] = Math.min(c.min[off + 1]!, c.min[off]!);
    c.max[off + 1] = Math.max(c.max[off + 1]!, c.max[off]!);
    off++;
  }
  if (off === 0) return c;
  return {
    t: c.t.subarray(off),
    mean: c.mean.subarray(off),
    min: c.min.subarray(off),
    max: c.max.subarray(off),
  };
}

/** Aligned grouping can yield one group more than maxPoints; fold the oldest two together. */
function foldToMax(out: SeriesColumns, maxPoints: number): void {
  while (out.t.length > maxPoints && out.t.length > 1) {
    out.t.shift();
    const m0 = out.mean.shift()!;
    const n0 = out.min.shift()!;
    const x0 = out.max.shift()!;
    out.mean[0] = (out.mean[0]! + m0) / 2;
    out.min[0] = Math.min(out.min[0]!, n0);
    out.max[0] = Math.max(out.max[0]!, x0);
  }
}
