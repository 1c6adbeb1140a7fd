import type { ColumnBuffer } from './columnBuffer.ts';

/**
 * Mean of the finite values of a buffer over the `windowMs` ending at `endT` (points with
 * endT − windowMs < t ≤ endT), read in place from the ring: headline figures settle on it while charts
 * keep drawing every second. `endT` defaults to the buffer's newest point; a view passes the time of the
 * sample it shows, so a replay that stepped back averages the minute before its playhead, not after.
 * `windowMs` ≤ 0 means no averaging: the value at `endT`. NaN when the window holds no finite value.
 *
 * The window ends at data time, not at "now": a feed that stopped keeps the mean of its last minute
 * (frozen, and marked stale by its view) instead of draining to nothing.
 */
export function rollingMean(buf: ColumnBuffer | undefined, windowMs: number, endT?: number): number {
  if (!buf || buf.length === 0) return Number.NaN;
  const at = (i: number) => (buf.head + i) % buf.capacity;
  const end = endT ?? buf.t[at(buf.length - 1)]!;
  const from = windowMs > 0 ? end - windowMs : end - 0.5;
  let sum = 0;
  let n = 0;
  // Newest to oldest: stops at the window's edge, so the cost is the window, not the buffer.
  for (let i = buf.length - 1; i >= 0; i--) {
    const s = at(i);
    const t = buf.t[s]!;
    if (t > end) continue;
    if (t <= from) break;
    const x = buf.v[s]!;
    if (!Number.isFinite(x)) continue;
    sum += x;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}
