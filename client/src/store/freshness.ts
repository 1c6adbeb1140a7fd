/**
 * How old a site's newest sample is, in the server's time (so a server running a fast clock is judged
 * by its own seconds), and whether it counts as stale.
 */
export interface Freshness {
  /** Server ms since the sample was taken (never negative). */
  ageMs: number;
  stale: boolean;
  /** Time of the last good sample: the "stale since" moment. */
  since: number;
}

/** A feed that misses this many seconds greys out. */
export const SITE_STALE_AFTER_MS = 5000;
/**
 * Slack in wall time when judging age against the estimated server clock: at a fast clock (60×) a
 * 100 ms network hiccup is 6 server seconds, which must not grey a healthy feed out.
 */
export const WALL_JITTER_MS = 2000;

/**
 * Two tests, either of which makes a site stale:
 * - the newest tick (server time, jitter-free) is well ahead of the site's sample: the server is
 *   alive but this feed stopped;
 * - the estimated server clock is well ahead of the sample: nothing has arrived at all (connection
 *   down or silent).
 */
export function siteFreshness(
  sampleT: number,
  newestTickT: number | null,
  serverNow: number,
  clockRate = 1,
): Freshness {
  const ageMs = Math.max(0, serverNow - sampleT);
  const behindTick = newestTickT === null ? 0 : newestTickT - sampleT;
  const stale =
    behindTick >= SITE_STALE_AFTER_MS || ageMs >= Math.max(SITE_STALE_AFTER_MS, WALL_JITTER_MS * clockRate);
  return { ageMs, stale, since: sampleT };
}

export interface ServerClockSync {
  /** Server time in the hello. */
  serverTime: number;
  /** Client clock when the hello arrived. */
  receivedAt: number;
  /** Server seconds per wall second. */
  rate: number;
}

/** serverNow = hello.serverTime + (clientNow − helloReceivedAt) × clockRate. */
export function serverTimeAt(sync: ServerClockSync | null, clientNow: number): number {
  if (!sync) return clientNow;
  return sync.serverTime + (clientNow - sync.receivedAt) * sync.rate;
}
