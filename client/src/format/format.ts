/**
 * Number formatting for every figure on screen: always with a unit, thousands separators and a fixed
 * precision per quantity, in one locale so a wall display and a phone read the same.
 */
import { type MetricId, metricDef } from '@gigawatt/shared';

const LOCALE = 'en-US';
const cache = new Map<string, Intl.NumberFormat>();

function nf(min: number, max: number = min): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: min, maximumFractionDigits: max });
    cache.set(key, f);
  }
  return f;
}

/** Placeholder shown for a value that is missing or not a number. */
export const NO_VALUE = '—';

const ok = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

export function formatNumber(x: number | null | undefined, digits = 0): string {
  return ok(x) ? nf(digits).format(x) : NO_VALUE;
}

/** Decimals a screen shows for a metric: the registry's `displayDigits`, one number for every page. */
export const metricDigits = (id: MetricId): number => metricDef(id).displayDigits;

// Caps and headroom are in MW too and read at the precision of the power they are compared with.
const MW_DIGITS = metricDigits('facilityPowerMw');

/** Megawatts with one decimal: "412.3 MW", "2,310.4 MW". */
export function formatMw(x: number | null | undefined): string {
  return ok(x) ? `${nf(MW_DIGITS).format(x)} MW` : NO_VALUE;
}

/** Signed MW, for headroom: "+27.7 MW" / "−3.1 MW". */
export function formatSignedMw(x: number | null | undefined): string {
  if (!ok(x)) return NO_VALUE;
  const s = nf(MW_DIGITS).format(Math.abs(x));
  // A negative headroom that rounds to zero reads "+0.0 MW", not "−0.0 MW".
  return `${x < 0 && /[1-9]/.test(s) ? '−' : '+'}${s} MW`;
}

export function formatKw(x: number | null | undefined): string {
  return ok(x) ? `${nf(1).format(x)} kW` : NO_VALUE;
}

export function formatPct(x: number | null | undefined, digits = 1): string {
  return ok(x) ? `${nf(digits).format(x)} %` : NO_VALUE;
}

/** A 0–1 share as a percentage; a small but non-zero share reads "<1 %" rather than a misleading "0 %". */
export function formatShare(share: number | null | undefined, digits = 1): string {
  if (!ok(share)) return NO_VALUE;
  const floor = 10 ** -digits;
  if (share > 0 && share * 100 < floor) return `<${nf(digits).format(floor)} %`;
  return formatPct(share * 100, digits);
}

/*
 * Precision per quantity: one helper each, used by every page (/, /wall, /exec, /site), so the same
 * figure never reads "14 %" on one screen and "13.7 %" on another.
 */

/** GPU utilization (fleet, site or hall): one decimal, "87.3 %". */
export function formatUtil(pct: number | null | undefined): string {
  return formatPct(pct, metricDigits('gpuUtilPct'));
}

/** Power against its cap, used or left (headroom), in %: one decimal, "86.9 %". */
export function formatCapPct(pct: number | null | undefined): string {
  return formatPct(pct, 1);
}

/**
 * A share of GPUs (rented, internal, idle, failed) given in %: one decimal; a non-zero share under
 * 0.1 % gets two, so a handful of failed GPUs never reads "0.0 %".
 */
export function formatGpuSharePct(pct: number | null | undefined): string {
  if (!ok(pct)) return NO_VALUE;
  const digits = metricDigits('rentedShare');
  return formatPct(pct, pct > 0 && pct < 10 ** -digits ? digits + 1 : digits);
}

/** The same share given as 0–1. */
export function formatGpuShare(share: number | null | undefined): string {
  return ok(share) ? formatGpuSharePct(share * 100) : NO_VALUE;
}

export function formatGpus(n: number | null | undefined): string {
  if (!ok(n)) return NO_VALUE;
  return `${nf(metricDigits('gpusTotal')).format(n)} ${Math.round(n) === 1 ? 'GPU' : 'GPUs'}`;
}

export function formatTempC(x: number | null | undefined): string {
  return ok(x) ? `${nf(metricDigits('inletTempC')).format(x)} °C` : NO_VALUE;
}

/** PUE is a ratio without unit; two decimals is the precision the industry quotes. */
export function formatPue(x: number | null | undefined): string {
  return ok(x) ? nf(metricDigits('pue')).format(x) : NO_VALUE;
}

/** Money per hour, compact: "$950/h", "$812.4k/h", "$1.23M/h". */
export function formatUsdPerHour(x: number | null | undefined): string {
  if (!ok(x)) return NO_VALUE;
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  if (a >= 1e9) return `${sign}$${nf(2).format(a / 1e9)}B/h`;
  if (a >= 1e6) return `${sign}$${nf(2).format(a / 1e6)}M/h`;
  if (a >= 1e3) {
    const k = a / 1e3;
    // 999.96k would print as "1,000.0k"; promote it to millions instead.
    if (Math.round(k * 10) / 10 >= 1000) return `${sign}$${nf(2).format(a / 1e6)}M/h`;
    return `${sign}$${nf(1).format(k)}k/h`;
  }
  return `${sign}$${nf(0).format(a)}/h`;
}

/**
 * Metrics the unit alone does not say how to show: a 0–1 share is shown in %, money compactly. Every
 * other metric reads as its number at the registry's precision and the registry's unit.
 */
const METRIC_FORMATS: Partial<Record<MetricId, (x: number) => string>> = {
  rentedShare: formatGpuShare,
  revenueUsdPerHour: formatUsdPerHour,
};

/** A metric's value as every page shows it, from the registry: "412.3 MW", "87.3 %", "1.18", "12 GPUs". */
export function formatMetric(id: MetricId, x: number | null | undefined): string {
  const special = METRIC_FORMATS[id];
  if (special) return ok(x) ? special(x) : NO_VALUE;
  const def = metricDef(id);
  if (def.unit === 'GPUs') return formatGpus(x);
  if (!ok(x)) return NO_VALUE;
  const n = nf(def.displayDigits).format(x);
  return def.unit ? `${n} ${def.unit}` : n;
}

/** "just now", "3 s ago", "2 min ago", "1 h ago". */
export function formatAgo(ms: number | null | undefined): string {
  if (!ok(ms)) return NO_VALUE;
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** Ages under this read "just now" on live data: the feed's one-second period and its jitter. */
export const LIVE_FRESH_MS = 2000;

/**
 * The age of live data. Samples come once a second, so until the next arrives the newest is up to a
 * second old (more with network jitter): "1 s ago" then is as fresh as the feed gets, and saying it made
 * every freshness line flip between "just now" and "1 s ago" each second.
 */
export function formatLiveAgo(ms: number | null | undefined): string {
  return formatAgo(typeof ms === 'number' && ms < LIVE_FRESH_MS ? 0 : ms);
}

const zoneFmt = new Intl.DateTimeFormat(LOCALE, { timeZoneName: 'short' });
/** The last zone name asked for, by minute: every zone changes its offset on a whole minute. */
let zoneMinute = Number.NaN;
let zoneName = '';
/** The viewer's time zone at t, as shown beside times: "EST", "GMT+1", "UTC". */
export function formatZone(t: number): string {
  if (!ok(t)) return '';
  // formatToParts costs more than the rest of a wall clock's second: asked every second, it answers
  // from the minute's cache.
  const minute = Math.floor(t / 60_000);
  if (minute !== zoneMinute) {
    zoneName = zoneFmt.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? '';
    zoneMinute = minute;
  }
  return zoneName;
}

/** A time a reader may compare across rooms and time zones: "14:05:09 EST". */
export function formatClockZone(t: number): string {
  if (!ok(t)) return NO_VALUE;
  return `${formatClock(t)} ${formatZone(t)}`;
}

const clockFmts = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter toLocaleTimeString(LOCALE, { hour12: false, timeZone }) builds on every call (with the
 * same time fields it adds by default), built once per zone: a clock, a freshness line and each alert
 * row ask for it every second.
 */
function clockFmt(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = clockFmts.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, {
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hour12: false,
      timeZone,
    });
    clockFmts.set(key, f);
  }
  return f;
}

/** Wall-clock time of a sample, 24 h: "14:05:09". */
export function formatClock(t: number, timeZone?: string): string {
  if (!ok(t)) return NO_VALUE;
  return clockFmt(timeZone).format(t);
}

/** "30 s", "1 min", "1 min 30 s": a wall's page countdown, averaging windows and warnings. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
}
