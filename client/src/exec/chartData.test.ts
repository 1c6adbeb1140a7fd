import { describe, expect, it } from 'vitest';
import { bucketAt, chartCsv, chartData } from './chartData.ts';
import type { Resolution } from './createExecData.ts';
import { IDLE_REVENUE, POWER_OF_CAP, REVENUE } from './figureViews.ts';
import type { RangeSeries } from './rangeSeries.ts';

const series = (mean: number[], band: boolean): RangeSeries => ({
  t: mean.map((_, i) => 60_000 * i),
  mean,
  min: band ? mean.map((v) => v - 1) : null,
  max: band ? mean.map((v) => v + 1) : null,
  step: 60_000,
  lastCount: 1,
});

const res: Resolution = {
  scopes: new Map([
    [
      'fleet',
      new Map([
        ['revenue', series([800000.123456, 800100.987654, 800200.5], true)],
        ['idleRevenue', series([300000.111, 300001.999, 300002], false)],
        ['facility', series([1305, 1566, 2610], true)],
      ]),
    ],
  ]),
  tier: '1m',
  stepMs: 60_000,
  maxPoints: 500,
  from: 0,
  to: 180_000,
  requestTo: 180_000,
  seriesIds: [],
};

describe('chartData and chartCsv', () => {
  const specs = [
    { key: 'rev', name: 'Fleet', scopeLabel: 'Fleet', view: REVENUE, scopeId: 'fleet', capMw: 0, band: true },
    {
      key: 'idle',
      name: 'Fleet idle',
      scopeLabel: 'Fleet',
      view: IDLE_REVENUE,
      scopeId: 'fleet',
      capMw: 0,
      band: false,
    },
  ];

  it('rounds once, to the figure’s precision, and keeps buckets overlapping the window', () => {
    const [rev, idle] = chartData(res, 30_000, 180_000, specs);
    expect(rev!.t).toEqual([0, 60_000, 120_000]);
    expect(rev!.mean).toEqual([800000.12, 800100.99, 800200.5]);
    expect(rev!.min![0]).toBe(799999.12);
    expect(idle!.min).toBeNull();
    expect(chartData(res, 60_000, 180_000, specs)[0]!.t).toEqual([60_000, 120_000]);
  });

  it('maps power onto % of cap, band included', () => {
    const [p] = chartData(res, 0, 180_000, [
      {
        key: 'p',
        name: 'Fleet',
        scopeLabel: 'Fleet',
        view: POWER_OF_CAP,
        scopeId: 'fleet',
        capMw: 2610,
        band: true,
      },
    ]);
    expect(p!.mean).toEqual([50, 60, 100]);
    expect(p!.max![2]).toBeCloseTo(100.038, 3);
  });

  it('exports exactly the drawn numbers, with units in the header and ISO times', () => {
    const lines = chartData(res, 0, 180_000, specs);
    const rows = chartCsv(lines).trim().split('\r\n');
    expect(rows[0]).toBe(
      'time (ISO 8601 UTC),Fleet rental revenue mean ($/h),Fleet rental revenue min ($/h),Fleet rental revenue max ($/h),Fleet idle capacity at today’s prices mean ($/h)',
    );
    expect(rows[1]).toBe('1970-01-01T00:00:00.000Z,800000.12,799999.12,800001.12,300000.11');
    expect(rows).toHaveLength(4);
  });

  it('finds the bucket under a time', () => {
    expect(bucketAt([0, 10, 20], 15)).toBe(1);
    expect(bucketAt([0, 10, 20], -1)).toBe(-1);
    expect(bucketAt([0, 10, 20], 99)).toBe(2);
  });
});
