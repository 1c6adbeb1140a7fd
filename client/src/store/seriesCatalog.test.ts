import { defaultFleet, type MetricLevel, metricsAt, parseSeriesId } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { makeTick } from '../testing/testTicks.ts';
import { applyHello, applyTicks, createDashboardStore } from './createDashboardStore.ts';
import {
  bufferedSeriesIds,
  FLEET_BUFFER_METRICS,
  fleetSeries,
  HALL_BUFFER_METRICS,
  hallSeries,
  SITE_BUFFER_METRICS,
  siteSeries,
} from './seriesCatalog.ts';

const idsAt = (level: MetricLevel) => metricsAt(level).map((d) => d.id);

describe('seriesCatalog', () => {
  it('buffers every registry metric at each level, so a new metric needs no list here', () => {
    expect(FLEET_BUFFER_METRICS).toEqual(idsAt('fleet'));
    expect(SITE_BUFFER_METRICS).toEqual(idsAt('site'));
    expect(HALL_BUFFER_METRICS).toEqual(idsAt('hall'));
  });

  it('lists a buffer for every metric of the fleet, of every site and of every hall, each a valid id', () => {
    const ids = bufferedSeriesIds(defaultFleet);
    expect(new Set(ids).size).toBe(ids.length);
    const want = idsAt('fleet').map(fleetSeries);
    for (const s of defaultFleet.sites) {
      want.push(...idsAt('site').map((m) => siteSeries(s.id, m)));
      for (const h of s.halls) want.push(...idsAt('hall').map((m) => hallSeries(s.id, h.id, m)));
    }
    expect([...ids].sort()).toEqual([...want].sort());
    for (const id of ids) expect(typeof parseSeriesId(id), id).toBe('object');
  });

  it('fills every buffer from a tick; a metric a hall does not report is a NaN point, not an error', () => {
    const store = createDashboardStore({ now: () => 0 });
    applyHello(store, defaultFleet, 0);
    const t = 1_800_000_000_000;
    applyTicks(store, [makeTick(defaultFleet, 1, t)]);
    const { series } = store.getState();
    expect([...series.keys()]).toEqual(bufferedSeriesIds(defaultFleet));
    for (const [id, b] of series) {
      expect(b.length, id).toBe(1);
      expect(b.t[b.head], id).toBe(t);
    }
    // What the tick does carry arrives as numbers.
    const h = defaultFleet.sites[0]!.halls[0]!;
    for (const m of ['itPowerMw', 'gpuUtilPct', 'inletTempC', 'gpusTotal'] as const) {
      const b = series.get(hallSeries(defaultFleet.sites[0]!.id, h.id, m))!;
      expect(Number.isFinite(b.v[b.head]), m).toBe(true);
    }
  });
});
