import type { DashboardState } from './createDashboardStore.ts';
import { type HeadlineFigures, scopeHeadline } from './headlineFigures.ts';

interface Entry {
  version: number;
  sites: DashboardState['sites'];
  index: DashboardState['index'];
  figures: HeadlineFigures | null;
}

/** By buffer map (replaced with the fleet or a reset, so old entries go with it), then by scope. */
const cache = new WeakMap<DashboardState['series'], Map<string, Entry>>();

/**
 * The headline figures of a scope (site ids joined by commas, as `scopeKey` gives them) for this store
 * state, computed once per data update and window and shared: every component showing the same scope
 * in the same tick gets the same object, so the rolling means are worked out once and a memoised child
 * given it sees no change. Returns the cached object while the data is unchanged (an alert arriving
 * does not recompute), which also makes it a stable selector result for useSyncExternalStore.
 */
export function headlineOf(s: DashboardState, key: string, windowMs: number): HeadlineFigures | null {
  let byScope = cache.get(s.series);
  if (!byScope) {
    byScope = new Map();
    cache.set(s.series, byScope);
  }
  const k = `${windowMs}|${key}`;
  const hit = byScope.get(k);
  if (hit && hit.version === s.dataVersion && hit.sites === s.sites && hit.index === s.index) {
    return hit.figures;
  }
  const figures = s.index
    ? scopeHeadline(s.series, s.sites, key ? key.split(',') : [], s.index, windowMs)
    : null;
  byScope.set(k, { version: s.dataVersion, sites: s.sites, index: s.index, figures });
  return figures;
}

/** The cache key of a scope: its site ids, in order. */
export const scopeKey = (siteIds: readonly string[]): string => siteIds.join(',');
