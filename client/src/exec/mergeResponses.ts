import type { HistoryResponse } from '@gigawatt/shared';

/** The server answers at most this many series per request. */
export const SERIES_PER_REQUEST = 64;

export function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** One response from the answers to several chunks of one query (same window and tier in practice). */
export function mergeResponses(parts: readonly HistoryResponse[]): HistoryResponse {
  const first = parts[0];
  if (!first) throw new Error('nothing to merge');
  return {
    from: first.from,
    to: first.to,
    tier: first.tier,
    stepMs: Math.max(...parts.map((p) => p.stepMs)),
    series: parts.flatMap((p) => p.series),
  };
}
