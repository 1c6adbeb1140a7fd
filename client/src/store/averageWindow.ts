import { parseDuration } from '@gigawatt/shared';
import { formatDuration } from '../format/format.ts';
import { LIVE_WINDOW_MS } from './createDashboardStore.ts';

/** Headline figures are a 1 min mean unless the URL says otherwise (`avg=`). */
export const DEFAULT_AVERAGE_MS = 60_000;
/** The live buffers hold 15 min: a longer mean would quietly be a shorter one. */
export const MAX_AVERAGE_MS = LIVE_WINDOW_MS;

export interface AverageWindow {
  /** 0: no averaging, the newest second. */
  ms: number;
  /** What in `avg=` was not understood or was out of range, said on screen by the wall. */
  warning: string | null;
}

const RAW = new Set(['0', 'off', 'raw', 'none', 'no', 'false']);

/**
 * Reads `avg=` ("1m", "30s", "5m"; "0", "off" or "raw" for none) from a query string; `defaultMs` when
 * it is absent (a replay passes 0: stepping through an incident shows the exact second at the playhead).
 */
export function parseAverageWindow(search: string, defaultMs = DEFAULT_AVERAGE_MS): AverageWindow {
  const raw = new URLSearchParams(search).get('avg');
  if (raw === null || raw.trim() === '') return { ms: defaultMs, warning: null };
  const text = raw.trim().toLowerCase();
  if (RAW.has(text)) return { ms: 0, warning: null };
  // A bare number is seconds, as wall URLs have always read it (avg=45).
  const ms = parseDuration(text, { bareNumber: 'seconds' });
  if (ms === undefined) {
    return {
      ms: DEFAULT_AVERAGE_MS,
      warning: `avg=${raw} is not a duration (try 1m, 30s or 0); averaging over 1 min`,
    };
  }
  // Samples come once a second: anything shorter is the newest sample anyway.
  if (ms < 1000) return { ms: 0, warning: null };
  if (ms > MAX_AVERAGE_MS) {
    return {
      ms: MAX_AVERAGE_MS,
      warning: `avg=${raw} is longer than the ${formatDuration(MAX_AVERAGE_MS)} kept live; averaging over ${formatDuration(MAX_AVERAGE_MS)}`,
    };
  }
  return { ms, warning: null };
}

/** What a headline figure is, in a few words: "1 min mean", "30 s mean", "latest second". */
export function averageLabel(ms: number): string {
  return ms > 0 ? `${formatDuration(ms)} mean` : 'latest second';
}
