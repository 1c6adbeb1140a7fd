import { defaultFleet, indexFleet, rollupFleet, type SiteSample } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { makeTick } from '../testing/testTicks.ts';
import { applySourceEvent, applyTicks, createDashboardStore } from './createDashboardStore.ts';
import { gpuShareOf, scopeHeadline } from './headlineFigures.ts';

const T0 = 1_760_000_000_000;
const index = indexFleet(defaultFleet);

/** A store fed `n` seconds whose power alternates ×1 and ×1.5 (a training job's square wave). */
function fed(n: number) {
  const store = createDashboardStore({ now: () => T0 });
  applySourceEvent(store, {
    type: 'hello',
    fleet: defaultFleet,
    serverTime: T0,
    lastSeq: 0,
    alerts: [],
    clockRate: 1,
  });
  for (let i = 0; i < n; i++)
    applyTicks(store, [makeTick(defaultFleet, i + 1, T0 + i * 1000, i % 2 ? 1.5 : 1)]);
  return store.getState();
}

const all = defaultFleet.sites.map((s) => s.id);

describe('scopeHeadline', () => {
  it('with no window is exactly the newest tick, as the fleet roll-up computes it', () => {
    const s = fed(10);
    const h = scopeHeadline(s.series, s.sites, all, index, 0);
    const totals = rollupFleet([...s.sites.values()], index);
    expect(h.facilityPowerMw).toBeCloseTo(totals.facilityPowerMw, 9);
    expect(h.itPowerMw).toBeCloseTo(totals.itPowerMw, 9);
    expect(h.gpuUtilPct).toBeCloseTo(totals.gpuUtilPct, 9);
    expect(h.revenueUsdPerHour).toBeCloseTo(totals.revenueUsdPerHour, 6);
    expect(h.gpus).toEqual(totals.gpus);
    expect(h.capMw).toBe(index.totalCapMw);
    expect(h.capUsedPct).toBeCloseTo((totals.facilityPowerMw / index.totalCapMw) * 100, 9);
  });

  it('settles the square wave to its mean over the window', () => {
    const s = fed(120);
    const raw = scopeHeadline(s.series, s.sites, all, index, 0);
    const mean = scopeHeadline(s.series, s.sites, all, index, 60_000);
    // The newest second is a high one (×1.5); the minute holds as many lows (×1) as highs.
    expect(mean.facilityPowerMw).toBeCloseTo((raw.facilityPowerMw / 1.5) * 1.25, 6);
    expect(mean.pue).toBeCloseTo(1.1, 9);
    expect(mean.gpus).toEqual(raw.gpus);
  });

  it('averages the minute before the shown sample, not what the buffers hold after it', () => {
    const s = fed(120);
    // A replay stepped back: the sample shown is from second 59, the buffers run to second 119.
    const back = makeTick(defaultFleet, 60, T0 + 59_000, 1.5).sites;
    const samples = new Map(back.map((x) => [x.site, x]));
    const h = scopeHeadline(s.series, samples, all, index, 0);
    expect(h.facilityPowerMw).toBeCloseTo(
      back.reduce((a, x) => a + x.facilityPowerMw, 0),
      9,
    );
    const mean = scopeHeadline(s.series, samples, all, index, 60_000);
    expect(mean.facilityPowerMw).toBeCloseTo((h.facilityPowerMw / 1.5) * 1.25, 6);
  });

  it('totals only the sites asked for, with their caps', () => {
    const s = fed(3);
    const pair = ['ohio', 'texas'];
    const h = scopeHeadline(s.series, s.sites, pair, index, 60_000);
    const ohio = scopeHeadline(s.series, s.sites, ['ohio'], index, 60_000);
    const texas = scopeHeadline(s.series, s.sites, ['texas'], index, 60_000);
    const everything = scopeHeadline(s.series, s.sites, all, index, 60_000);
    expect(h.facilityPowerMw).toBeCloseTo(ohio.facilityPowerMw + texas.facilityPowerMw, 9);
    expect(h.capMw).toBe(index.site('ohio')!.powerCapMw + index.site('texas')!.powerCapMw);
    expect(h.facilityPowerMw).toBeLessThan(everything.facilityPowerMw);
    expect(h.gpus!.total).toBe(ohio.gpus!.total + texas.gpus!.total);
    expect(h.sitesWithData).toBe(2);
  });

  it('falls back to the sample before the buffers have it, and says NaN without any data', () => {
    const sample = makeTick(defaultFleet, 1, T0).sites.find((x) => x.site === 'ohio') as SiteSample;
    const h = scopeHeadline(new Map(), new Map([['ohio', sample]]), ['ohio'], index, 60_000);
    expect(h.facilityPowerMw).toBe(sample.facilityPowerMw);
    const none = scopeHeadline(new Map(), new Map(), ['ohio'], index, 60_000);
    expect(none.facilityPowerMw).toBeNaN();
    expect(none.gpus).toBeNull();
    expect(none.capMw).toBe(index.site('ohio')!.powerCapMw);
    expect(gpuShareOf(none, 'rented')).toBeNaN();
    expect(gpuShareOf(h, 'rented')).toBeCloseTo(sample.gpus.rented / sample.gpus.total, 12);
  });
});
