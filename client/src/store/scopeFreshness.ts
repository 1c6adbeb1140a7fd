import { type Freshness, siteFreshness } from './freshness.ts';

export interface ScopeFreshness extends Freshness {
  /** Sites of the scope whose feed has stopped. */
  staleSites: number;
  /** Sites of the scope that have sent anything. */
  sites: number;
}

/**
 * Freshness of a total over several sites. The total is only "now" while every site in it is: once any
 * feed stops, part of the sum is frozen, so the total is stale since the oldest frozen sample (its age
 * is that sample's age). Null before any site has sent a sample.
 */
export function scopeFreshness(
  sampleTimes: readonly (number | null)[],
  newestTickT: number | null,
  serverNow: number,
  clockRate = 1,
): ScopeFreshness | null {
  let sites = 0;
  let staleSites = 0;
  let since = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (const t of sampleTimes) {
    if (t === null) continue;
    sites++;
    newest = Math.max(newest, t);
    const f = siteFreshness(t, newestTickT, serverNow, clockRate);
    if (f.stale) {
      staleSites++;
      since = Math.min(since, f.since);
    }
  }
  if (sites === 0) return null;
  const stale = staleSites > 0;
  const at = stale ? since : newest;
  return { stale, since: at, ageMs: Math.max(0, serverNow - at), staleSites, sites };
}
