const MIN = 60_000;
const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Tick spacings that divide a day, so ticks land on round local times every day. */
const STEPS = [
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/** The smallest round spacing that leaves about `labelPx` per label across `widthPx`. */
export function rangeTickStep(spanMs: number, widthPx: number, labelPx = 64): number {
  const fit = Math.max(2, Math.floor(widthPx / labelPx));
  const raw = spanMs / fit;
  return STEPS.find((s) => s >= raw) ?? STEPS[STEPS.length - 1]!;
}

/** Local midnight of the day containing t. */
function localMidnight(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Ticks in [from, to] on round local times (whole hours, midnights) `step` apart; at most 200. */
export function rangeTicks(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  if (!(to >= from) || !(step > 0) || !Number.isFinite(from) || !Number.isFinite(to)) return out;
  if (step >= DAY) {
    const days = Math.round(step / DAY);
    let d = new Date(localMidnight(from));
    if (d.getTime() < from) d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
    while (d.getTime() <= to && out.length < 200) {
      out.push(d.getTime());
      d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
    }
    return out;
  }
  const base = localMidnight(from);
  for (let t = base + Math.ceil((from - base) / step) * step; t <= to && out.length < 200; t += step) {
    out.push(t);
  }
  return out;
}

const hm = new Intl.DateTimeFormat('en-US', { hour12: false, hour: '2-digit', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short' });
const dayLabel = (t: number) => `${weekday.format(t)} ${new Date(t).getDate()}`;
const full = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour12: false,
  hour: '2-digit',
  minute: '2-digit',
});

/** "14:30" within a day; "Mon 23" at midnight or when ticks are days apart. */
export function tickLabel(t: number, step: number): string {
  if (step >= DAY || localMidnight(t) === t) return dayLabel(t);
  return hm.format(t);
}

const fullSec = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour12: false,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** "Mon, Nov 23, 2026, 14:05:09 UTC": the moment a page's figures are as of (a printout needs the date). */
export function formatAsOf(t: number): string {
  return Number.isFinite(t) ? fullSec.format(t) : '—';
}

/** "Mon, Nov 23, 14:05": a tooltip's or a caption's moment, in the viewer's time zone. */
export function formatMoment(t: number): string {
  return Number.isFinite(t) ? full.format(t) : '—';
}
