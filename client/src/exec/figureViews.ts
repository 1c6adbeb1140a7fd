import {
  formatCapPct,
  formatGpuSharePct,
  formatGpus,
  formatMw,
  formatPue,
  formatUsdPerHour,
  formatUtil,
} from '../format/format.ts';
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

const totalOf = (s: ScopeSeries): RangeSeries | undefined => {
  const parts = (['rented', 'internal', 'idle', 'failed'] as const).map((k) => s.get(k));
  if (parts.some((p) => !p)) return undefined;
  return parts.slice(1).reduce((acc, p) => combineSeries(acc!, p!, (a, b) => a + b), parts[0]);
};

const share =
  (key: 'rented' | 'internal' | 'idle' | 'failed') =>
  (s: ScopeSeries | undefined): RangeSeries | undefined => {
    const part = s?.get(key);
    const total = s ? totalOf(s) : undefined;
    if (!part || !total) return undefined;
    return combineSeries(part, total, (a, b) => (b > 0 ? (a / b) * 100 : Number.NaN));
  };

export const REVENUE: FigureView = {
  metric: 'revenueUsdPerHour',
  name: 'Rental revenue',
  unit: '$/h',
  series: (s) => s?.get('revenue'),
  now: (f) => f.revenue,
  format: formatUsdPerHour,
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
  metric: 'gpuUtilPct',
  name: 'GPU utilization',
  unit: '%',
  series: (s) => s?.get('util'),
  now: (f) => f.util,
  format: formatUtil,
  change: 'pts',
  flatWithin: 0.05,
  better: 'up',
  decimals: 3,
};

const countView = (
  key: 'rented' | 'internal' | 'idle' | 'failed',
  metric: string,
  name: string,
  better: FigureView['better'],
): FigureView => ({
  metric,
  name,
  unit: 'GPUs',
  series: (s) => s?.get(key),
  now: (f) => f[key],
  format: formatGpus,
  change: 'rel',
  flatWithin: 0.5,
  better,
  decimals: 1,
});

const shareView = (
  key: 'rented' | 'internal' | 'idle' | 'failed',
  metric: string,
  name: string,
  better: FigureView['better'],
): FigureView => ({
  metric,
  name,
  unit: '% of GPUs',
  series: share(key),
  now: (f) => (f.total > 0 ? (f[key] / f.total) * 100 : Number.NaN),
  format: formatGpuSharePct,
  change: 'pts',
  flatWithin: 0.05,
  better,
  decimals: 4,
});

export const GPU_STATES = [
  {
    key: 'rented',
    label: 'Rented',
    count: countView('rented', 'gpusRented', 'Rented GPUs', 'up'),
    share: shareView('rented', 'rentedShare', 'Rented share', 'up'),
  },
  {
    key: 'internal',
    label: 'Internal',
    count: countView('internal', 'gpusInternal', 'Internal GPUs', 'none'),
    share: shareView('internal', 'internalShare', 'Internal share', 'none'),
  },
  {
    key: 'idle',
    label: 'Idle',
    count: countView('idle', 'gpusIdle', 'Idle GPUs', 'down'),
    share: shareView('idle', 'idleShare', 'Idle share', 'down'),
  },
  {
    key: 'failed',
    label: 'Failed',
    count: countView('failed', 'gpusFailed', 'Failed GPUs', 'down'),
    share: shareView('failed', 'failedShare', 'Failed share', 'down'),
  },
] as const;

export const FACILITY: FigureView = {
  metric: 'facilityPowerMw',
  name: 'Facility power',
  unit: 'MW',
  series: (s) => s?.get('facility'),
  now: (f) => f.facility,
  format: formatMw,
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
  metric: 'pue',
  name: 'PUE',
  // Unitless, but a CSV header says so rather than leaving it blank.
  unit: 'ratio',
  series: (s) => s?.get('pue'),
  now: (f) => f.pue,
  format: formatPue,
  change: 'abs',
  flatWithin: 0.005,
  better: 'down',
  decimals: 4,
};
