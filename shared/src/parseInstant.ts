// Seconds optional ("2026-07-15T14:00Z", as people type them); a zone is always required, so a link
// means the same instant on every screen. `t` and `z` may be lower case (RFC 3339 §5.6 allows it).
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/i;
// Up to 16 digits: every ms count JavaScript dates can hold, and nothing that loses precision.
const EPOCH_MS = /^-?\d{1,16}(?:\.\d{1,9})?$/;
/** ±100,000,000 days, the range of a JavaScript Date. */
const MAX_DATE_MS = 8.64e15;

/**
 * An instant given as ms since epoch or as an RFC 3339 timestamp → ms since epoch; undefined for
 * anything else (DESIGN.md: `from` and `to` "are ms since epoch or RFC 3339"). One rule for the server's
 * query parameters, the CLI flags and the client's links, chosen where the old copies disagreed:
 * - ms since epoch: an integer, optionally with a fraction (a playhead), floored; before 1970 is an
 *   instant too (RFC 3339 reaches back to year 0), but a count no Date can hold (beyond ±8.64e15) is not;
 * - RFC 3339: seconds and fraction optional, zone required; an impossible date or time (Feb 31, 24:00,
 *   minute 60, offset +24:00) is refused instead of rolled over as Date.parse would.
 */
export function parseInstant(text: string): number | undefined {
  const s = text.trim();
  if (s.length > 40) return undefined;
  if (EPOCH_MS.test(s)) {
    // `+ 0` turns "-0" into 0.
    const ms = Math.floor(Number(s)) + 0;
    return Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
  }
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, frac, , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(se ?? 0) > 59) return undefined;
  if (sign !== undefined && (Number(oh) > 23 || Number(om) > 59)) return undefined;
  const utc = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(se ?? 0));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear puts them back.
  const date = new Date(utc);
  date.setUTCFullYear(year);
  const fractionMs = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  const ms = date.getTime() + fractionMs - offsetMs;
  return Number.isFinite(ms) ? ms : undefined;
}
