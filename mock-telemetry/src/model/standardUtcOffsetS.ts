/**
 * Standard-time UTC offset of an IANA zone in seconds. A fixed offset (no daylight saving) is enough for
 * a diurnal temperature curve, and computing it once keeps the per-sample path free of Intl calls.
 * An unknown zone falls back to UTC rather than failing: the fleet file is validated elsewhere.
 */
export function standardUtcOffsetS(timeZone: string): number {
  try {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    // Mid-January is standard time in the northern hemisphere, where every default site is.
    const name = fmt.formatToParts(Date.UTC(2025, 0, 15, 12)).find((p) => p.type === 'timeZoneName')?.value;
    const m = name ? /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(name) : null;
    if (!m) return 0;
    const sign = m[1] === '-' ? -1 : 1;
    return sign * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60);
  } catch {
    return 0;
  }
}
