import type { SourceStatus } from '../sources/TelemetrySource.ts';
import { siteFreshness } from './freshness.ts';

export type ConnectionLabel = 'LIVE' | 'RECONNECTING' | 'STALE' | 'REPLAY';

/** The four words the indicator may show (a public contract: tests and wall-display watchers read it). */
export function connectionLabel(status: SourceStatus): ConnectionLabel {
  switch (status) {
    case 'live':
      return 'LIVE';
    case 'replay':
      return 'REPLAY';
    case 'connecting':
    case 'reconnecting':
      return 'RECONNECTING';
    case 'stale':
    case 'failed':
      return 'STALE';
  }
}

/**
 * What the screen may claim. A connected source whose ticks keep coming can still carry nothing new
 * (every producer stopped, and the server re-sends the last samples): when even the newest site
 * sample is stale, the screen is STALE, whatever the socket says. One stale site among fresh ones
 * greys out that site only.
 */
export function displayLabel(
  status: SourceStatus,
  newestSampleT: number | null,
  newestTickT: number | null,
  serverNow: number,
  clockRate: number,
): ConnectionLabel {
  const base = connectionLabel(status);
  if (base !== 'LIVE' || newestSampleT === null) return base;
  return siteFreshness(newestSampleT, newestTickT, serverNow, clockRate).stale ? 'STALE' : 'LIVE';
}
