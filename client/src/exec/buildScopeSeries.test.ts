import {
  defaultFleet,
  fleetMetric,
  type HistoryResponse,
  hallMetric,
  indexFleet,
  type Metric,
  parseSeriesId,
  rollupFleet,
  type SiteSample,
  siteMetric,
} from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fleetSamplesArb } from '../testing/testSamples.ts';
import { buildScopeSeries, type Scope, seriesIdsFor } from './buildScopeSeries.ts';
import { SPARK_KEYS } from './createExecData.ts';
import { scopeFigures } from './scopeFigures.ts';

const idx = indexFleet(defaultFleet);
const allIds = defaultFleet.sites.map((s) => s.id);
const STEP = 60_000;

/** A history response whose buckets hold exactly these fleet snapshots (min = max = mean). */
function responseOf(ids: readonly string[], buckets: readonly SiteSample[][]): HistoryResponse {
  const series = ids.map((id) => {
    const ref = parseSeriesId(id, idx);
    if (typeof ref === 'string') throw new Error(ref);
    const values = buckets.map((snap) => {
      if (ref.level === 'fleet') return fleetMetric(rollupFleet(snap, idx), ref.metric);
      const s = snap.find((x) => x.site === ref.site)!;
      if (ref.level === 'site') return siteMetric(s, ref.metric, idx);
      return hallMetric(ref.site, s.halls.find((h) => h.hall === ref.hall)!, ref.metric, idx);
    });
    return {
      id,
      unit: '',
      t: buckets.map((_, i) => i * STEP),
      mean: values,
      min: values.map((v) => v - 1),
      max: values.map((v) => v + 1),
    };
  });
  return { from: 0, to: buckets.length * STEP, tier: '1m', stepMs: STEP, series };
}

const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a), Math.abs(b)));

describe('buildScopeSeries', () => {
  it('computes every figure of any scope bucket by bucket as scopeFigures does for live samples', () => {
    fc.assert(
      fc.property(
        fc.array(fleetSamplesArb(), { minLength: 1, maxLength: 4 }),
        fc.subarray(allIds, { minLength: 1 }),
        (buckets, siteIds) => {
          const scope: Scope = { id: 'x', siteIds, label: 'x' };
          const ids = seriesIdsFor(scope, SPARK_KEYS, defaultFleet);
          const out = buildScopeSeries(responseOf(ids, buckets), scope, SPARK_KEYS, defaultFleet);
          buckets.forEach((snap, i) => {
            const ref = scopeFigures(snap, idx, siteIds);
            for (const key of SPARK_KEYS) {
              const s = out.get(key)!;
              const at = s.t.indexOf(i * STEP);
              if (!Number.isFinite(ref[key])) {
                expect(at).toBe(-1);
                continue;
              }
              close(s.mean[at]!, ref[key]);
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads the fleet’s own series (with bands) when every site is selected', () => {
    const scope: Scope = { id: 'fleet', siteIds: allIds, label: 'Fleet' };
    const ids = seriesIdsFor(scope, ['util', 'revenue', 'pue'], defaultFleet);
    expect(ids).toEqual(['fleet:gpuUtilPct', 'fleet:revenueUsdPerHour', 'fleet:pue']);
    const snap = fc.sample(fleetSamplesArb(), { numRuns: 1, seed: 7 })[0]!;
    const out = buildScopeSeries(responseOf(ids, [snap]), scope, ['util'], defaultFleet);
    const util = out.get('util')!;
    expect(util.min![0]).toBeCloseTo(util.mean[0]! - 1, 9);
    expect(util.max![0]).toBeCloseTo(util.mean[0]! + 1, 9);
  });

  it('gives a combined subset no band: the sites’ extremes need not coincide', () => {
    const scope: Scope = { id: 'fleet', siteIds: ['ohio', 'texas'], label: 'Ohio + Texas' };
    const ids = seriesIdsFor(scope, ['revenue'], defaultFleet);
    expect(ids).toEqual(['site:ohio:revenueUsdPerHour', 'site:texas:revenueUsdPerHour']);
    const snap = fc.sample(fleetSamplesArb(), { numRuns: 1, seed: 3 })[0]!;
    const out = buildScopeSeries(responseOf(ids, [snap]), scope, ['revenue'], defaultFleet);
    expect(out.get('revenue')!.min).toBeNull();
  });

  it('fits the whole default fleet’s sparkline figures in one request', () => {
    const scopes: Scope[] = [
      { id: 'fleet', siteIds: allIds, label: 'Fleet' },
      ...allIds.map((id) => ({ id: `site:${id}`, siteIds: [id], label: id })),
    ];
    const ids = new Set(scopes.flatMap((s) => seriesIdsFor(s, SPARK_KEYS, defaultFleet)));
    expect(ids.size).toBeLessThanOrEqual(64);
  });

  it('leaves out buckets where a summed site has no data', () => {
    const metric: Metric = 'revenueUsdPerHour';
    const resp: HistoryResponse = {
      from: 0,
      to: 3 * STEP,
      tier: '1m',
      stepMs: STEP,
      series: [
        {
          id: `site:ohio:${metric}`,
          unit: '$/h',
          t: [0, STEP, 2 * STEP],
          mean: [1, 2, 3],
          min: [1, 2, 3],
          max: [1, 2, 3],
        },
        {
          id: `site:texas:${metric}`,
          unit: '$/h',
          t: [0, 2 * STEP],
          mean: [10, 30],
          min: [10, 30],
          max: [10, 30],
        },
      ],
    };
    const scope: Scope = { id: 'fleet', siteIds: ['ohio', 'texas'], label: '' };
    const s = buildScopeSeries(resp, scope, ['revenue'], defaultFleet).get('revenue')!;
    expect(s.t).toEqual([0, 2 * STEP]);
    expect(s.mean).toEqual([11, 33]);
  });
});
