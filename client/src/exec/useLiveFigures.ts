import type { FleetIndex } from '@gigawatt/shared';
import { useMemo } from 'react';
import { AVERAGED_METRICS, type HeadlineFigures, scopeHeadline } from '../store/headlineFigures.ts';
import { siteSeries } from '../store/seriesCatalog.ts';
import { useAverageMs, useWindowHistory } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';
import type { Scope } from './buildScopeSeries.ts';
import { type ScopeFigures, scopeFigures } from './scopeFigures.ts';

export interface LiveFigures {
  /** Time of the newest tick (server ms), or null before the first. */
  t: number | null;
  rollup: ScopeFigures;
  /** By site id, in fleet order. */
  sites: Map<string, ScopeFigures>;
}

/**
 * The noisy quantities (power, utilization, PUE) settled to the page's rolling mean (`avg=`, 1 min by
 * default) from the live buffers; counts, revenue and idle capacity stay as of the newest tick, as the
 * other pages show them.
 */
function settled(f: ScopeFigures, h: HeadlineFigures): ScopeFigures {
  return { ...f, facility: h.facilityPowerMw, it: h.itPowerMw, util: h.gpuUtilPct, pue: h.pue };
}

/** Figures now: one render per tick for the components that show them. */
export function useLiveFigures(index: FleetIndex, rollup: Scope, siteIds: readonly string[]): LiveFigures {
  const latest = useStore((s) => s.latest);
  const series = useStore((s) => s.series);
  const samples = useStore((s) => s.sites);
  const version = useStore((s) => s.dataVersion);
  const windowMs = useAverageMs();
  useWindowHistory(
    useMemo(
      () =>
        [...new Set([...rollup.siteIds, ...siteIds])].flatMap((id) =>
          AVERAGED_METRICS.map((m) => siteSeries(id, m)),
        ),
      [rollup, siteIds],
    ),
    windowMs,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: the buffers mutate in place; dataVersion says when.
  return useMemo(() => {
    const list = latest?.sites ?? [];
    const of = (ids: readonly string[]) =>
      settled(scopeFigures(list, index, ids), scopeHeadline(series, samples, ids, index, windowMs));
    return {
      t: latest?.t ?? null,
      rollup: of(rollup.siteIds),
      sites: new Map(siteIds.map((id) => [id, of([id])])),
    };
  }, [latest, index, rollup, siteIds, series, samples, version, windowMs]);
}
