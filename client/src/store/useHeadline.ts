import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { subscribeLocation } from '../router/navigation.ts';
import { DEFAULT_AVERAGE_MS, parseAverageWindow } from './averageWindow.ts';
import type { DashboardState } from './createDashboardStore.ts';
import { headlineOf, scopeKey } from './headlineCache.ts';
import { AVERAGED_METRICS, type HeadlineFigures } from './headlineFigures.ts';
import { rollingMean } from './rollingMean.ts';
import { type ScopeFreshness, scopeFreshness } from './scopeFreshness.ts';
import { siteSeries } from './seriesCatalog.ts';
import { useServerNow } from './useFreshness.ts';
import type { Live } from './useLiveDom.ts';
import { useServices, useStore } from './useStore.ts';

const search = (): string => window.location.search;
const noSearch = (): string => '';

/**
 * The headline averaging window of this page's URL (`avg=`), in ms; 0 for the newest second. Live, a
 * 1 min mean by default; in a replay the exact second, since an engineer stepping through an incident
 * must see the figure of the playhead's second.
 */
export function useAverageMs(): number {
  const q = useSyncExternalStore(subscribeLocation, search, noSearch);
  const replay = useStore((s) => s.status === 'replay');
  return useMemo(() => parseAverageWindow(q, replay ? 0 : DEFAULT_AVERAGE_MS).ms, [q, replay]);
}

/**
 * A mean over the last minute needs the last minute in the buffers, not just the seconds since the page
 * opened: the series a headline averages are filled from history as a chart's are (a page with no chart
 * of them, such as /exec or a PUE figure, would otherwise average what arrived since it loaded). Asked
 * again when the buffers are replaced (a reset, another source).
 */
export function useWindowHistory(ids: readonly string[], windowMs: number): void {
  const { store, history } = useServices();
  useEffect(() => {
    if (windowMs <= 0) return;
    history.ensure(ids);
    return store.subscribe((s, prev) => {
      if (s.series !== prev.series) history.ensure(ids);
    });
  }, [store, history, ids, windowMs]);
}

/**
 * Headline figures of these sites as a reader of the store, for live figures that follow the ticks
 * without a render (useLiveDom). `headlineOf` computes them once per data update, scope and window and
 * shares them: no second copy of the data, one computation per tick and scope. The component holding
 * the reader renders when the scope or the window changes, not per tick.
 */
export function useScopeHeadlineReader(siteIds: readonly string[]): Live<HeadlineFigures | null> {
  const windowMs = useAverageMs();
  const key = scopeKey(siteIds);
  useWindowHistory(
    useMemo(() => siteIds.flatMap((id) => AVERAGED_METRICS.map((m) => siteSeries(id, m))), [siteIds]),
    windowMs,
  );
  return useCallback((s) => headlineOf(s, key, windowMs), [key, windowMs]);
}

/**
 * One buffered series' headline value (a hall's utilization, say): the sample's own value without a
 * window, else the mean of the window ending at the sample's time (`sampleT`).
 */
export function seriesMeanOf(
  s: DashboardState,
  seriesId: string,
  windowMs: number,
  sampleValue: number | undefined,
  sampleT: number | undefined,
): number | undefined {
  const mean =
    windowMs > 0 && sampleT !== undefined
      ? rollingMean(s.series.get(seriesId), windowMs, sampleT)
      : Number.NaN;
  return Number.isFinite(mean) ? mean : sampleValue;
}

/** Whether a total over these sites is live, or since when part of it is frozen. */
export function useScopeFreshness(siteIds: readonly string[]): ScopeFreshness | null {
  const times = useStore((s) => siteIds.map((id) => s.sites.get(id)?.t ?? '').join(','));
  const tickT = useStore((s) => s.latest?.t ?? null);
  const rate = useStore((s) => s.clock?.rate ?? 1);
  const now = useServerNow();
  return useMemo(
    () =>
      scopeFreshness(
        times.split(',').map((t) => (t === '' ? null : Number(t))),
        tickT,
        now,
        rate,
      ),
    [times, tickT, now, rate],
  );
}
