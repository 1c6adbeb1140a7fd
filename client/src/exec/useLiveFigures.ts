import type { FleetIndex } from '@gigawatt/shared';
import { useMemo } from 'react';
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

/** Figures now, from the newest tick: one render per tick for the components that show them. */
export function useLiveFigures(index: FleetIndex, rollup: Scope, siteIds: readonly string[]): LiveFigures {
  const latest = useStore((s) => s.latest);
  return useMemo(() => {
    const samples = latest?.sites ?? [];
    return {
      t: latest?.t ?? null,
      rollup: scopeFigures(samples, index, rollup.siteIds),
      sites: new Map(siteIds.map((id) => [id, scopeFigures(samples, index, [id])])),
    };
  }, [latest, index, rollup, siteIds]);
}
