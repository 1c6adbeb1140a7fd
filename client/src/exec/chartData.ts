import type { Resolution } from './createExecData.ts';
import type { FigureView } from './figureViews.ts';
import { roundTo } from './formatExec.ts';
import { type CsvColumn, timeSeriesCsv } from './toCsv.ts';

export interface ChartLineSpec {
  /** Unique within the chart. */
  key: string;
  /** Legend name ("Fleet", "Ohio", "Fleet idle capacity"). */
  name: string;
  /** Whose figure it is, for CSV headers ("Fleet", "Ohio"). */
  scopeLabel: string;
  view: FigureView;
  scopeId: string;
  capMw: number;
  /** Draw (and export) the min–max band when the figure has one. */
  band: boolean;
}

/** One line exactly as drawn: rounded values within the window. */
export interface LineData {
  spec: ChartLineSpec;
  t: number[];
  mean: number[];
  min: number[] | null;
  max: number[] | null;
}

/**
 * The numbers a chart draws, rounded once (per the figure's precision) so the CSV export holds exactly
 * what is on screen. Buckets that end before the window are left out.
 */
export function chartData(
  res: Resolution | null,
  from: number,
  to: number,
  specs: readonly ChartLineSpec[],
): LineData[] {
  return specs.map((spec) => {
    const s = res ? spec.view.series(res.scopes.get(spec.scopeId), spec.capMw) : undefined;
    const out: LineData = {
      spec,
      t: [],
      mean: [],
      min: spec.band && s?.min ? [] : null,
      max: spec.band && s?.max ? [] : null,
    };
    if (!s) return out;
    const d = spec.view.decimals;
    for (let i = 0; i < s.t.length; i++) {
      const t = s.t[i]!;
      if (t + s.step <= from || t > to) continue;
      out.t.push(t);
      out.mean.push(roundTo(s.mean[i]!, d));
      out.min?.push(roundTo(s.min![i]!, d));
      out.max?.push(roundTo(s.max![i]!, d));
    }
    return out;
  });
}

/** The chart's data as CSV: one row per bucket start (ISO 8601 UTC), mean/min/max per line with units. */
export function chartCsv(lines: readonly LineData[]): string {
  const times = [...new Set(lines.flatMap((l) => l.t))].sort((a, b) => a - b);
  const columns: CsvColumn[] = [];
  for (const l of lines) {
    const at = new Map(l.t.map((t, i) => [t, i]));
    const pick = (xs: number[]) => times.map((t) => (at.has(t) ? xs[at.get(t)!]! : Number.NaN));
    const base = `${l.spec.scopeLabel} ${lowerFirst(l.spec.view.name)}`;
    columns.push({ name: `${base} mean`, unit: l.spec.view.unit, values: pick(l.mean) });
    if (l.min && l.max) {
      columns.push({ name: `${base} min`, unit: l.spec.view.unit, values: pick(l.min) });
      columns.push({ name: `${base} max`, unit: l.spec.view.unit, values: pick(l.max) });
    }
  }
  return timeSeriesCsv(times, columns);
}

/** "Rental revenue" → "rental revenue", but "GPU utilization" stays. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Index of the bucket at or just before t (binary search), or -1. */
export function bucketAt(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! <= t) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
