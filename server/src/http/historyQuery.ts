import { type FleetIndex, parseInstant, parseSeriesId } from '@gigawatt/shared';
import type { HistoryQuery } from '../store/telemetryStore.ts';

export const MAX_SERIES_PER_QUERY = 64;
export const MAX_POINTS = 5000;
export const MAX_RANGE_MS = 31 * 86_400_000;
const DEFAULT_RANGE_MS = 15 * 60_000;

type Raw = Record<string, unknown>;

/**
 * The answer's layout: 2 (one shared time column, the default) or 1 (every series with its own times,
 * the layout before format 2, for scripts written against it and for a tab still running an older client).
 */
export type HistoryLayout = 1 | 2;
export type ParsedHistoryQuery = HistoryQuery & { layout: HistoryLayout };

const single = (q: Raw, key: string): string | undefined | { error: string } => {
  const v = q[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return { error: `${key} must be given once` };
  return v;
};

/** Validates /api/history query parameters; every failure names the parameter and what is expected. */
export function parseHistoryQuery(
  q: Raw,
  idx: FleetIndex,
  now: number,
): ParsedHistoryQuery | { error: string } {
  const series = single(q, 'series');
  if (series === undefined || series === '')
    return { error: 'series is required, e.g. series=fleet:itPowerMw' };
  if (typeof series !== 'string') return series;
  const ids = series
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (ids.length === 0) return { error: 'series is required, e.g. series=fleet:itPowerMw' };
  if (ids.length > MAX_SERIES_PER_QUERY)
    return { error: `at most ${MAX_SERIES_PER_QUERY} series per request` };
  for (const id of ids) {
    const ref = parseSeriesId(id, idx);
    if (typeof ref === 'string') return { error: ref };
  }
  const toRaw = single(q, 'to');
  const fromRaw = single(q, 'from');
  const mpRaw = single(q, 'maxPoints');
  const formatRaw = single(q, 'format');
  for (const v of [toRaw, fromRaw, mpRaw, formatRaw]) if (typeof v === 'object') return v;
  if (formatRaw !== undefined && formatRaw !== '1' && formatRaw !== '2')
    return { error: `format must be 1 or 2, got "${formatRaw}"` };
  const to = toRaw === undefined ? now : parseInstant(toRaw as string);
  if (to === undefined) return { error: `to must be ms since epoch or RFC 3339, got "${toRaw}"` };
  const from = fromRaw === undefined ? to - DEFAULT_RANGE_MS : parseInstant(fromRaw as string);
  if (from === undefined) return { error: `from must be ms since epoch or RFC 3339, got "${fromRaw}"` };
  if (from >= to) return { error: 'from must be before to' };
  if (to - from > MAX_RANGE_MS) return { error: `range must not exceed ${MAX_RANGE_MS / 86_400_000} days` };
  let maxPoints = 1000;
  if (mpRaw !== undefined) {
    const n = Number(mpRaw);
    if (!/^\d+$/.test(mpRaw as string) || !Number.isInteger(n) || n < 1 || n > MAX_POINTS) {
      return { error: `maxPoints must be an integer from 1 to ${MAX_POINTS}` };
    }
    maxPoints = n;
  }
  return { series: [...new Set(ids)], from, to, maxPoints, layout: formatRaw === '1' ? 1 : 2 };
}
