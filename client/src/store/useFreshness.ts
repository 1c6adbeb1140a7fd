import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { type ConnectionLabel, displayLabel } from './connectionLabel.ts';
import type { DashboardState } from './createDashboardStore.ts';
import { serverTimeAt, siteFreshness } from './freshness.ts';
import { scopeFreshness } from './scopeFreshness.ts';
import { nowSnapshot, subscribeNow, useNow } from './useNow.ts';
import { useServices, useStore } from './useStore.ts';

/** The server's clock now, refreshed once a second. */
export function useServerNow(): number {
  const wall = useNow();
  const clock = useStore((s) => s.clock);
  return serverTimeAt(clock, wall);
}

/**
 * A value judged from the store and the server's clock together, re-rendering only when it changes
 * (Object.is), not on every tick and every second: a panel that only needs "stale or not" stays put
 * while its "Updated 1 s ago" line (a leaf) follows the clock. `compute` must return a primitive or a
 * cached object, as any useSyncExternalStore snapshot must.
 */
export function useLiveValue<T>(compute: (s: DashboardState, serverNow: number) => T): T {
  const { store } = useServices();
  const subscribe = useCallback(
    (listener: () => void) => {
      const offStore = store.subscribe(listener);
      const offClock = subscribeNow(listener);
      return () => {
        offStore();
        offClock();
      };
    },
    [store],
  );
  const get = () => {
    const s = store.getState();
    return compute(s, serverTimeAt(s.clock, nowSnapshot()));
  };
  return useSyncExternalStore(subscribe, get, get);
}

/**
 * useLiveValue for a plain-data object: compared by its JSON, so a component showing it re-renders only
 * when what it shows changes (a freshness line's words, say), never for a new object with the same data.
 */
export function useLiveJson<T>(compute: (s: DashboardState, serverNow: number) => T): T {
  const key = useLiveValue((s, now) => JSON.stringify(compute(s, now)));
  return useMemo(() => JSON.parse(key) as T, [key]);
}

/** Whether a site's feed has stopped (false before its first sample); changes only when that flips. */
export function useSiteStale(siteId: string): boolean {
  return useLiveValue((s, now) => {
    const t = s.sites.get(siteId)?.t;
    return t === undefined ? false : siteFreshness(t, s.latest?.t ?? null, now, s.clock?.rate ?? 1).stale;
  });
}

/**
 * Since when a total over these sites has been frozen (its oldest stopped sample), or null while it is
 * live or has no data; changes only when a feed stops or resumes, not every second.
 */
export function useScopeStaleSince(siteIds: readonly string[]): number | null {
  return useLiveValue((s, now) => {
    const f = scopeFreshness(
      siteIds.map((id) => s.sites.get(id)?.t ?? null),
      s.latest?.t ?? null,
      now,
      s.clock?.rate ?? 1,
    );
    return f?.stale ? f.since : null;
  });
}

/** Time of the newest sample of any site, or null before data. */
export function newestSampleT(sites: ReadonlyMap<string, { t: number }>): number | null {
  let t: number | null = null;
  for (const s of sites.values()) if (t === null || s.t > t) t = s.t;
  return t;
}

/**
 * LIVE, RECONNECTING, STALE or REPLAY, judged from the connection and the age of the data; a component
 * using it re-renders when the label changes, not on every tick and second that confirm it.
 */
export function useConnectionLabel(): ConnectionLabel {
  return useLiveValue((s, now) =>
    displayLabel(s.status, newestSampleT(s.sites), s.latest?.t ?? null, now, s.clock?.rate ?? 1),
  );
}
