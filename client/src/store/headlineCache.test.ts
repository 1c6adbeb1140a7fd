import { defaultFleet, indexFleet } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { makeTick } from '../testing/testTicks.ts';
import { applySourceEvent, applyTicks, createDashboardStore } from './createDashboardStore.ts';
import { headlineOf, scopeKey } from './headlineCache.ts';
import { scopeHeadline } from './headlineFigures.ts';

const T0 = 1_760_000_000_000;
const index = indexFleet(defaultFleet);
const all = scopeKey(defaultFleet.sites.map((s) => s.id));
const one = defaultFleet.sites[0]!.id;

function store(n: number) {
  const st = createDashboardStore({ now: () => T0 });
  applySourceEvent(st, {
    type: 'hello',
    fleet: defaultFleet,
    serverTime: T0,
    lastSeq: 0,
    alerts: [],
    clockRate: 1,
  });
  for (let i = 0; i < n; i++) applyTicks(st, [makeTick(defaultFleet, i + 1, T0 + i * 1000, i % 2 ? 1.5 : 1)]);
  return st;
}

describe('headlineOf', () => {
  it('gives the figures scopeHeadline computes', () => {
    const s = store(30).getState();
    expect(headlineOf(s, all, 60_000)).toEqual(
      scopeHeadline(s.series, s.sites, all.split(','), index, 60_000),
    );
    expect(headlineOf(s, one, 0)).toEqual(scopeHeadline(s.series, s.sites, [one], index, 0));
  });

  it('shares one object per scope and window while the data is unchanged', () => {
    const st = store(10);
    const a = headlineOf(st.getState(), all, 60_000);
    expect(headlineOf(st.getState(), all, 60_000)).toBe(a);
    // Something other than data (an alert, a status) changes the state, not the figures.
    st.setState({ status: 'stale' });
    expect(headlineOf(st.getState(), all, 60_000)).toBe(a);
    expect(headlineOf(st.getState(), all, 0)).not.toBe(a);
    expect(headlineOf(st.getState(), one, 60_000)).not.toBe(a);
  });

  it('recomputes on every data update: a tick, or history merged into the buffers', () => {
    const st = store(10);
    const a = headlineOf(st.getState(), all, 60_000);
    applyTicks(st, [makeTick(defaultFleet, 11, T0 + 10_000, 3)]);
    const b = headlineOf(st.getState(), all, 60_000);
    expect(b).not.toBe(a);
    expect(b!.facilityPowerMw).toBeGreaterThan(a!.facilityPowerMw);
    // Same samples, new data version (a history fill): recomputed, not served from the cache.
    st.setState({ dataVersion: st.getState().dataVersion + 1 });
    expect(headlineOf(st.getState(), all, 60_000)).not.toBe(b);
  });

  it('is null before the fleet is known', () => {
    const st = createDashboardStore();
    expect(headlineOf(st.getState(), all, 60_000)).toBeNull();
  });
});
