import { formatZone } from './format.ts';

/**
 * Times in the player are in the viewer's time zone, as everywhere else in the app (charts, alert
 * times), with the zone named; links and exports carry RFC 3339 UTC.
 */
const LOCALE = 'en-US';

const dateFmt = new Intl.DateTimeFormat(LOCALE, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});
const timeFmt = new Intl.DateTimeFormat(LOCALE, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const shortFmt = new Intl.DateTimeFormat(LOCALE, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Mon, Nov 23, 2026" */
export const formatDate = (t: number): string => dateFmt.format(t);
const dayFmt = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric' });
/** "Nov 23" */
export const formatDay = (t: number): string => dayFmt.format(t);
/** "14:05:09" */
export const formatHms = (t: number): string => timeFmt.format(t);
/** "EST", "GMT+1" (one zone formatter for the app, in format.ts). */
export { formatZone };

const hmFmt = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** "14:05" */
export const formatHm = (t: number): string => hmFmt.format(t);
/** "Nov 23, 14:05" */
export const formatShort = (t: number): string => shortFmt.format(t);

/** "Nov 23, 14:00 – 15:00 EST" (the day once when both ends share it). */
export function formatSpan(start: number, end: number): string {
  const sameDay = dateFmt.format(start) === dateFmt.format(end);
  const to = sameDay ? timeFmt.format(end).slice(0, 5) : shortFmt.format(end);
  return `${shortFmt.format(start)} – ${to} ${formatZone(end)}`;
}

/** "1 h 05 min", "24 h", "12 min 30 s", "45 s" */
export function formatDurationMs(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return m > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${h} h`;
  if (m > 0) return sec > 0 ? `${m} min ${String(sec).padStart(2, '0')} s` : `${m} min`;
  return `${sec} s`;
}

/** "12.3 MB", "1.24 GB" (decimal units, as file managers show). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

/** "0.25×", "10×" */
export const formatSpeed = (s: number): string => `${s}×`;
