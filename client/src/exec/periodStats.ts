import type { ExecSnapshot } from './createExecData.ts';
import { type Change, changeVsPrevious } from './execFigures.ts';
import type { FigureView } from './figureViews.ts';
import { MIN_COVERAGE, periodMean } from './rangeSeries.ts';

export interface PeriodStats {
  /** Mean over the shown range (NaN when the range is mostly without data). */
  avg: number;
  /** Mean over the previous period of the same length. */
  prevAvg: number;
  change: Change;
  /** Why there is no change to show, if there is none. */
  missing: 'loading' | 'no-current' | 'no-previous' | null;
}

/** A figure's mean over the shown range and its change against the previous period of the same length. */
export function periodStats(
  snap: ExecSnapshot,
  view: FigureView,
  scopeId: string,
  capMw: number,
): PeriodStats {
  if (!snap.spark || !snap.prev) {
    return {
      avg: Number.NaN,
      prevAvg: Number.NaN,
      change: changeVsPrevious(Number.NaN, Number.NaN),
      missing: 'loading',
    };
  }
  const cur = periodMean(view.series(snap.spark.scopes.get(scopeId), capMw), snap.from, snap.to);
  const prev = periodMean(view.series(snap.prev.scopes.get(scopeId), capMw), snap.prevFrom, snap.prevTo);
  const avg = cur.coverage >= MIN_COVERAGE ? cur.mean : Number.NaN;
  const prevAvg = prev.coverage >= MIN_COVERAGE ? prev.mean : Number.NaN;
  return {
    avg,
    prevAvg,
    change: changeVsPrevious(avg, prevAvg, view.flatWithin),
    missing: Number.isNaN(avg) ? 'no-current' : Number.isNaN(prevAvg) ? 'no-previous' : null,
  };
}
