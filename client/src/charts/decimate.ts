import type { ColumnBuffer } from '../store/columnBuffer.ts';

/**
 * Where a caller that decimates on every update keeps its output: the array is reused (grown when too
 * small), so the result is valid only until the next call with the same scratch.
 */
export interface DecimateScratch {
  out: Float64Array;
}

/**
 * A buffer's points, interleaved as [t0, v0, t1, v1, …] for ECharts, reduced to what `columns` pixel
 * columns across [x0, x1] can show: where a column holds more than two points, only its lowest and
 * highest (in time order) are kept, so spikes and dips survive and the line looks the same; a column with
 * a missing value (NaN) keeps one, so the gap stays a gap. Buffers that already fit (≤ 2 points per
 * column on average) pass through unchanged.
 */
export function decimateMinMax(
  buf: ColumnBuffer,
  x0: number,
  x1: number,
  columns: number,
  scratch?: DecimateScratch,
): Float64Array {
  const n = buf.length;
  const cap = buf.capacity;
  const cols = Math.floor(columns);
  const alloc = (size: number): Float64Array => {
    if (!scratch) return new Float64Array(size);
    if (scratch.out.length < size) scratch.out = new Float64Array(Math.max(size, scratch.out.length * 2));
    return scratch.out;
  };
  if (n <= 2 * cols || !(x1 > x0) || !(cols > 0)) {
    const out = alloc(n * 2);
    for (let i = 0; i < n; i++) {
      const s = (buf.head + i) % cap;
      out[2 * i] = buf.t[s]!;
      out[2 * i + 1] = buf.v[s]!;
    }
    return scratch ? out.subarray(0, n * 2) : out;
  }
  const out = alloc(Math.min(n, (cols + 1) * 3) * 2);
  const scale = cols / (x1 - x0);
  const first = Math.floor(x0 * scale);
  let k = 0;
  let col = -1;
  // Slots (ring indices, not times) of the column's lowest, highest and first missing point, or -1.
  let lo = -1;
  let hi = -1;
  let gap = -1;
  let loV = 0;
  let hiV = 0;
  const emit = (s: number) => {
    out[k++] = buf.t[s]!;
    out[k++] = buf.v[s]!;
  };
  const flush = () => {
    // Up to three points, written in time order (position in the ring, counted from the head).
    const a = lo < 0 ? -1 : (lo - buf.head + cap) % cap;
    const b = hi < 0 || hi === lo ? -1 : (hi - buf.head + cap) % cap;
    const c = gap < 0 ? -1 : (gap - buf.head + cap) % cap;
    let p = a;
    let q = b;
    let r = c;
    if (p > q) [p, q] = [q, p];
    if (q > r) [q, r] = [r, q];
    if (p > q) [p, q] = [q, p];
    if (p >= 0) emit((buf.head + p) % cap);
    if (q >= 0) emit((buf.head + q) % cap);
    if (r >= 0) emit((buf.head + r) % cap);
  };
  for (let i = 0; i < n; i++) {
    const s = (buf.head + i) % cap;
    let c = Math.floor(buf.t[s]! * scale) - first;
    if (c < 0) c = 0;
    else if (c > cols) c = cols;
    if (c !== col) {
      if (col >= 0) flush();
      col = c;
      lo = -1;
      hi = -1;
      gap = -1;
    }
    const v = buf.v[s]!;
    if (!Number.isFinite(v)) {
      if (gap < 0) gap = s;
      continue;
    }
    if (lo < 0 || v < loV) {
      lo = s;
      loV = v;
    }
    if (hi < 0 || v > hiV) {
      hi = s;
      hiV = v;
    }
  }
  if (col >= 0) flush();
  return out.subarray(0, k);
}
