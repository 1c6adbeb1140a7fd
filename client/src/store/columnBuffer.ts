/**
 * A bounded time series held as two Float64Array columns in a ring (after Grafana's StreamingDataFrame).
 * Bounded twice: by `capacity` points and by `windowMs` behind the newest timestamp, so a wall display
 * that runs for weeks keeps a flat memory profile no matter how long it stays open.
 *
 * Invariant: timestamps are strictly increasing from the oldest to the newest point.
 */
export interface ColumnBuffer {
  readonly capacity: number;
  readonly windowMs: number;
  t: Float64Array;
  v: Float64Array;
  /** Ring index of the oldest point. */
  head: number;
  length: number;
  /** Bumped on every change, so readers can skip work when nothing moved. */
  version: number;
}

export interface Columns {
  t: Float64Array;
  v: Float64Array;
}

export function createColumnBuffer(capacity: number, windowMs: number): ColumnBuffer {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`capacity must be a positive integer`);
  if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');
  return {
    capacity,
    windowMs,
    t: new Float64Array(capacity),
    v: new Float64Array(capacity),
    head: 0,
    length: 0,
    version: 0,
  };
}

const slot = (buf: ColumnBuffer, i: number): number => (buf.head + i) % buf.capacity;

export function lastTime(buf: ColumnBuffer): number {
  return buf.length === 0 ? Number.NaN : buf.t[slot(buf, buf.length - 1)]!;
}

export function firstTime(buf: ColumnBuffer): number {
  return buf.length === 0 ? Number.NaN : buf.t[buf.head]!;
}

export function lastValue(buf: ColumnBuffer): number {
  return buf.length === 0 ? Number.NaN : buf.v[slot(buf, buf.length - 1)]!;
}

/** Drops points older than `windowMs` behind the newest one. */
function trimWindow(buf: ColumnBuffer): void {
  if (buf.length === 0) return;
  const cutoff = lastTime(buf) - buf.windowMs;
  while (buf.length > 0 && buf.t[buf.head]! < cutoff) {
    buf.head = (buf.head + 1) % buf.capacity;
    buf.length--;
  }
}

/**
 * Appends one point. A point at the newest timestamp replaces it (a re-sent sample); an older point is
 * merged into place, so late data never breaks the ordering invariant.
 */
export function appendPoint(buf: ColumnBuffer, t: number, v: number): void {
  if (!Number.isFinite(t)) return;
  if (buf.length > 0) {
    const last = lastTime(buf);
    if (t === last) {
      buf.v[slot(buf, buf.length - 1)] = v;
      buf.version++;
      return;
    }
    if (t < last) {
      mergePoints(buf, [t], [v], 0);
      return;
    }
  }
  if (buf.length === buf.capacity) {
    buf.head = (buf.head + 1) % buf.capacity;
    buf.length--;
  }
  const i = slot(buf, buf.length);
  buf.t[i] = t;
  buf.v[i] = v;
  buf.length++;
  trimWindow(buf);
  buf.version++;
}

/** Copies the points out, oldest first. */
export function readColumns(buf: ColumnBuffer): Columns {
  const t = new Float64Array(buf.length);
  const v = new Float64Array(buf.length);
  const firstRun = Math.min(buf.length, buf.capacity - buf.head);
  t.set(buf.t.subarray(buf.head, buf.head + firstRun), 0);
  v.set(buf.v.subarray(buf.head, buf.head + firstRun), 0);
  if (firstRun < buf.length) {
    t.set(buf.t.subarray(0, buf.length - firstRun), firstRun);
    v.set(buf.v.subarray(0, buf.length - firstRun), firstRun);
  }
  return { t, v };
}

/**
 * Points interleaved as [t0, v0, t1, v1, …] in one typed array: ECharts takes this without parsing an
 * object per point, which keeps a chart update cheap. NaN values stay NaN (a gap in the line).
 */
export function readInterleaved(buf: ColumnBuffer): Float64Array {
  const out = new Float64Array(buf.length * 2);
  for (let i = 0; i < buf.length; i++) {
    const s = slot(buf, i);
    out[2 * i] = buf.t[s]!;
    out[2 * i + 1] = buf.v[s]!;
  }
  return out;
}

/**
 * Merges points (for example a history backfill) into the buffer. An incoming point is kept only where
 * the buffer has no point within `toleranceMs` of it: live data wins over history, and history fills
 * whatever holes the live stream left. Incoming points need not be sorted.
 */
export function mergePoints(
  buf: ColumnBuffer,
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  toleranceMs: number,
): number {
  const existing = readColumns(buf);
  const order: number[] = [];
  for (let i = 0; i < t.length; i++) if (Number.isFinite(t[i]!)) order.push(i);
  order.sort((a, b) => t[a]! - t[b]!);

  const outT: number[] = [];
  const outV: number[] = [];
  let e = 0;
  let added = 0;
  let lastIncomingT = Number.NEGATIVE_INFINITY;
  for (const i of order) {
    const ti = t[i]!;
    while (e < existing.t.length && existing.t[e]! < ti) {
      outT.push(existing.t[e]!);
      outV.push(existing.v[e]!);
      e++;
    }
    const prev = e > 0 ? existing.t[e - 1]! : Number.NEGATIVE_INFINITY;
    const next = e < existing.t.length ? existing.t[e]! : Number.POSITIVE_INFINITY;
    const clash = ti - prev <= toleranceMs || next - ti <= toleranceMs || ti === lastIncomingT;
    if (clash) continue;
    outT.push(ti);
    outV.push(v[i]!);
    lastIncomingT = ti;
    added++;
  }
  while (e < existing.t.length) {
    outT.push(existing.t[e]!);
    outV.push(existing.v[e]!);
    e++;
  }
  if (added === 0) return 0;

  // Keep the newest `capacity` points, then apply the time window.
  const from = Math.max(0, outT.length - buf.capacity);
  buf.head = 0;
  buf.length = outT.length - from;
  for (let i = 0; i < buf.length; i++) {
    buf.t[i] = outT[from + i]!;
    buf.v[i] = outV[from + i]!;
  }
  trimWindow(buf);
  buf.version++;
  return added;
}

export function clearBuffer(buf: ColumnBuffer): void {
  buf.head = 0;
  buf.length = 0;
  buf.version++;
}

/** Min, max and mean of the finite values, or null when there are none. */
export function summarize(buf: ColumnBuffer): { min: number; max: number; mean: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < buf.length; i++) {
    const x = buf.v[slot(buf, i)]!;
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    n++;
  }
  return n === 0 ? null : { min, max, mean: sum / n };
}
