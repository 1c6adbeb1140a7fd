const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/**
 * Round times for the scrubber's axis between its two end labels: the smallest step that gives at most
 * `max` ticks, aligned to the viewer's clock (whole hours, quarter hours…), none too close to either end.
 * `offsetMs` is the zone's offset from UTC at `start` (east positive).
 */
export function axisTicks(start: number, end: number, max: number, offsetMs: number): number[] {
  const span = end - start;
  if (!(span > 0) || max < 1) return [];
  const step = STEPS.find((s) => span / s <= max + 1) ?? Math.ceil(span / max / (24 * HOUR)) * 24 * HOUR;
  const margin = span * 0.1;
  const first = start - ((((start + offsetMs) % step) + step) % step) + step;
  const out: number[] = [];
  for (let t = first; t < end; t += step) if (t - start >= margin && end - t >= margin) out.push(t);
  return out;
}
