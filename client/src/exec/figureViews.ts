import { type MetricId, metricDef } from '@gigawatt/shared';
import { GPU_STATE_VIEWS, type GpuState } from '../components/gpuStates.ts';
import { formatCapPct, formatGpuSharePct, formatMetric, formatUsdPerHour } from '../format/format.ts';
import type { ScopeSeries } from './createExecData.ts';
import { powerHeadroom } from './execFigures.ts';
import type { ChangeStyle } from './formatExec.ts';
import { combineSeries, mapSeries, type RangeSeries } from './rangeSeries.ts';
import type { ScopeFigures } from './scopeFigures.ts';

/**
 * How one figure is read (now and over a range), formatted and compared: the single definition the
 * cards, sparklines, charts and CSV exports share.
 */
export interface FigureView {
  /** The `data-metric` hook and CSV column stem. */
  metric: string;
  name: string;
  unit: string;
  series(s: ScopeSeries | undefined, capMw: number): RangeSeries | undefined;
  now(f: ScopeFigures): number;
  format(v: number): string;
  change: ChangeStyle;
  /** Changes within this (in the figure's unit) read as flat. */
  flatWithin: number;
  better: 'up' | 'down' | 'none';
  /** Decimals kept in charts and CSV. */
  decimals: number;
}

/**
 * What the metric registry says of a figure that is a registry metric: its id (the `data-metric` hook
 * and CSV stem), label, unit and on-screen format. The rest of a view is the page's own: how it
 * compares, and the finer precision charts and CSV keep.
 */
function registryParts(id: MetricId): Pick<FigureView, 'metric' | 'name' | 'unit' | 'format'> {
  const def = metricDef(id);
  return { metric: id, name: def.label, unit: def.unit, format: (v) => formatMetric(id, v) };
}

const totalOf = (s: ScopeSeries): RangeSeries | undefined => {
  const parts = GPU_STATE_VIEWS.map((g) => s.get(g.key));
  if (parts.some((p) => !p)) return undefined;
  return parts.slice(1).reduce((acc, p) => combineSeries(acc!, p!, (a, b) => a + b), parts[0]);
};

const share =
  (key: GpuState) =>
  (s: ScopeSeries | undefined): RangeSeries | undefined => {
    const part = s?.get(key);
    const total = s ? totalOf(s) : undefined;
    if (!part || !total) return undefined;
    return combineSeries(part, total, (a, b) => (b > 0 ? (a / b) * 100 : Number.NaN));
  };

export const REVENUE: FigureView = {
  ...registryParts('revenueUsdPerHour'),
  series: (s) => s?.get('revenue'),
  now: (f) => f.revenue,
  change: 'rel',
  flatWithin: 0.5,
  better: 'up',
  decimals: 2,
};

export const IDLE_REVENUE: FigureView = {
  metric: 'idleRevenueUsdPerHour',
  name: 'Idle capacity at today’s prices',
  unit: '$/h',
  series: (s) => s?.get('idleRevenue'),
  now: (f) => f.idleRevenue,
  format: formatUsdPerHour,
  change: 'rel',
  flatWithin: 0.5,
  better: 'down',
  decimals: 2,
};

export const UTIL: FigureView = {
  ...registryParts('gpuUtilPct'),
  series: (s) => s?.get('util'),
  now: (f) => f.util,
  change: 'pts',
  flatWithin: 0.05,
  better: 'up',
  decimals: 3,
};

const countView = (key: GpuState, metric: MetricId, better: FigureView['better']): FigureView => ({
  ...registryParts(metric),
  series: (s) => s?.get(key),
  now: (f) => f[key],
  change: 'rel',
  flatWithin: 0.5,
  better,
  decimals: 1,
});

// Shares are of the scope's GPUs, in %; only the rented one is a registry metric (rentedShare, 0–1).
const shareView = (key: GpuState, label: string, better: FigureView['better']): FigureView => ({
  metric: `${key}Share`,
  name: `${label} share`,
  unit: '% of GPUs',
  series: share(key),
  now: (f) => (f.total > 0 ? (f[key] / f.total) * 100 : Number.NaN),
  format: formatGpuSharePct,
  change: 'pts',
  flatWithin: 0.05,
  better,
  decimals: 4,
});

/** Whether more of a state is better news, per state. */
const BETTER: Record<GpuState, FigureView['better']> = {
  rented: 'up',
  internal: 'none',
  idle: 'down',
  failed: 'down',
};

/** Each GPU state's count and share, in the registry's order of states with its labels. */
export const GPU_STATES = GPU_STATE_VIEWS.map((g) => ({
  key: g.key,
  label: g.label,
  count: countView(g.key, g.metric, BETTER[g.key]),
  share: shareView(g.key, g.label, BETTER[g.key]),
}));

export const FACILITY: FigureView = {
  ...registryParts('facilityPowerMw'),
  series: (s) => s?.get('facility'),
  now: (f) => f.facility,
  change: 'rel',
  flatWithin: 0.05,
  better: 'none',
  decimals: 3,
};

export const HEADROOM: FigureView = {
  metric: 'headroomPct',
  name: 'Power headroom',
  unit: '% of cap',
  series: (s, cap) => {
    const f = s?.get('facility');
    return f ? mapSeries(f, (x) => powerHeadroom(x, cap).pct, true) : undefined;
  },
  now: (f) => powerHeadroom(f.facility, f.capMw).pct,
  format: formatCapPct,
  change: 'pts',
  flatWithin: 0.05,
  better: 'up',
  decimals: 3,
};

export const POWER_OF_CAP: FigureView = {
  metric: 'powerPctOfCap',
  name: 'Facility power',
  unit: '% of cap',
  series: (s, cap) => {
    const f = s?.get('facility');
    return f ? mapSeries(f, (x) => powerHeadroom(x, cap).usedPct) : undefined;
  },
  now: (f) => powerHeadroom(f.facility, f.capMw).usedPct,
  format: formatCapPct,
  change: 'pts',
  flatWithin: 0.05,
  better: 'down',
  decimals: 3,
};

export const PUE: FigureView = {
  ...registryParts('pue'),
  // Unitless, but a CSV header says so rather than leaving it blank.
  unit: 'ratio',
  series: (s) => s?.get('pue'),
  now: (f) => f.pue,
  change: 'abs',
  flatWithin: 0.005,
  better: 'down',
  decimals: 4,
};
