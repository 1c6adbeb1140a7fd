import { type Alert, defaultFleet, type HistoryResponse } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { makeTick } from '../testing/testTicks.ts';
import { lastValue, readColumns } from './columnBuffer.ts';
import {
  applyHistory,
  applySourceEvent,
  applyTicks,
  createDashboardStore,
  serverNow,
} from './createDashboardStore.ts';
import { createHistoryFiller } from './createHistoryFiller.ts';
import { bufferedSeriesIds } from './seriesCatalog.ts';

const T0 = 1_760_000_000_000;

function ready(now = () => T0) {
  const store = createDashboardStore({ now });
  applySourceEvent(store, {
    type: 'hello',
    fleet: defaultFleet,
    serverTime: now(),
    lastSeq: 0,
    alerts: [],
    clockRate: 1,
  });
  return store;
}

describe('dashboard store', () => {
  it('creates a buffer per buffered series on hello', () => {
    const store = ready();
    const s = store.getState();
    expect(s.fleet?.sites.map((x) => x.id)).toEqual(['louisiana', 'ohio', 'texas', 'missouri']);
    expect([...s.series.keys()]).toEqual(bufferedSeriesIds(defaultFleet));
    expect(s.series.has('site:ohio:facilityPowerMw')).toBe(true);
    expect(s.series.has('hall:ohio:h11:gpuUtilPct')).toBe(true);
  });

  it('keeps buffers across a repeated hello with the same fleet', () => {
    const store = ready();
    applyTicks(store, [makeTick(defaultFleet, 1, T0)]);
    const before = store.getState().series;
    applySourceEvent(store, {
      type: 'hello',
      fleet: structuredClone(defaultFleet),
      serverTime: T0,
      lastSeq: 1,
      alerts: [],
      clockRate: 1,
    });
    expect(store.getState().series).toBe(before);
  });

  it('runs "now" on the server clock, at its rate', () => {
    let wall = 5_000;
    const store = createDashboardStore({ now: () => wall });
    applySourceEvent(store, {
      type: 'hello',
      fleet: defaultFleet,
      serverTime: T0,
      lastSeq: 0,
      alerts: [],
      clockRate: 60,
    });
    expect(serverNow(store)).toBe(T0);
    wall += 1000;
    expect(serverNow(store)).toBe(T0 + 60_000);
  });

  it('takes open alerts from hello and follows alert events', () => {
    const store = ready();
    const a: Alert = {
      id: 'power-cap-80:ohio',
      rule: 'power-cap-80',
      severity: 'warning',
      scope: { site: 'ohio' },
      title: 'Ohio facility power at 81 % of cap',
      value: 81,
      threshold: 80,
      unit: '%',
      start: T0,
      state: 'raised',
    };
    applySourceEvent(store, {
      type: 'hello',
      fleet: defaultFleet,
      serverTime: T0,
      lastSeq: 0,
      alerts: [a],
      clockRate: 1,
    });
    expect([...store.getState().alerts.keys()]).toEqual([a.id]);
    applySourceEvent(store, { type: 'alert', event: { kind: 'cleared', alert: { ...a, state: 'cleared' } } });
    expect(store.getState().alerts.size).toBe(0);
  });

  it('appends ticks to site, hall and fleet buffers with one store update per batch', () => {
    const store = ready();
    let updates = 0;
    store.subscribe(() => updates++);
    applyTicks(store, [makeTick(defaultFleet, 1, T0), makeTick(defaultFleet, 2, T0 + 1000, 2)]);
    expect(updates).toBe(1);
    const s = store.getState();
    expect(s.latest?.seq).toBe(2);
    expect(s.sites.get('ohio')?.site).toBe('ohio');
    const ohio = s.series.get('site:ohio:itPowerMw')!;
    expect(Array.from(readColumns(ohio).v)).toEqual([130, 260]);
    expect(lastValue(s.series.get('hall:ohio:h11:gpuUtilPct')!)).toBe(80);
    expect(lastValue(s.series.get('fleet:gpuUtilPct')!)).toBeCloseTo(80);
    expect(lastValue(s.series.get('site:ohio:pue')!)).toBeCloseTo(1.1);
    expect(s.totals?.gpus.total).toBeGreaterThan(0);
  });

  it('merges history behind live points without overwriting them', () => {
    const store = ready();
    applyTicks(store, [makeTick(defaultFleet, 10, T0)]);
    const t = [T0 - 3000, T0 - 2000, T0 - 1000, T0];
    const res: HistoryResponse = {
      from: T0 - 3000,
      to: T0,
      tier: '1s',
      stepMs: 1000,
      series: [{ id: 'site:ohio:itPowerMw', unit: 'MW', t, mean: [1, 2, 3, 4], min: t, max: t }],
    };
    const v0 = store.getState().dataVersion;
    expect(applyHistory(store, res)).toBe(3);
    expect(store.getState().dataVersion).toBe(v0 + 1);
    expect(Array.from(readColumns(store.getState().series.get('site:ohio:itPowerMw')!).v)).toEqual([
      1, 2, 3, 130,
    ]);
  });

  it('records status, racks and errors', () => {
    const store = ready();
    applySourceEvent(store, { type: 'status', status: 'stale' });
    applySourceEvent(store, { type: 'error', kind: 'protocol', message: 'nope' });
    const block = {
      site: 'ohio',
      hall: 'h1',
      t: T0,
      powerKw: new Float32Array(2),
      utilPct: new Float32Array(2),
      inletTempC: new Float32Array(2),
    };
    applySourceEvent(store, { type: 'racks', block });
    const s = store.getState();
    expect(s.status).toBe('stale');
    expect(s.error).toEqual({ kind: 'protocol', message: 'nope' });
    expect(s.racks).toBe(block);
  });

  it('clears data on reset but keeps the fleet', () => {
    const store = ready();
    applyTicks(store, [makeTick(defaultFleet, 1, T0)]);
    applySourceEvent(store, { type: 'reset' });
    const s = store.getState();
    expect(s.latest).toBeNull();
    expect(s.fleet).not.toBeNull();
    expect(s.series.get('site:ohio:itPowerMw')!.length).toBe(0);
  });
});

describe('history filler', () => {
  it('backfills each series once, in chunks, over the live window', async () => {
    const store = ready();
    const calls: Array<{ series: readonly string[]; from: number; to: number }> = [];
    const filler = createHistoryFiller(
      store,
      {
        async fetchHistory(q) {
          calls.push(q);
          return {
            from: q.from,
            to: q.to,
            tier: '1s',
            stepMs: 1000,
            series: q.series.map((id) => ({
              id,
              unit: 'MW',
              t: [q.to - 1000],
              mean: [5],
              min: [5],
              max: [5],
            })),
          };
        },
      },
      { chunk: 2, gatherMs: 0 },
    );
    filler.ensure(['site:ohio:itPowerMw', 'site:ohio:gpuUtilPct', 'site:texas:itPowerMw', 'bogus:series']);
    filler.ensure(['site:ohio:itPowerMw']);
    await filler.idle();
    expect(calls.map((c) => c.series)).toEqual([
      ['site:ohio:itPowerMw', 'site:ohio:gpuUtilPct'],
      ['site:texas:itPowerMw'],
    ]);
    expect(calls[0]!.to - calls[0]!.from).toBe(15 * 60_000);
    expect(lastValue(store.getState().series.get('site:texas:itPowerMw')!)).toBe(5);

    filler.fillGap(T0 - 60_000, T0 - 30_000);
    await filler.idle();
    expect(calls.at(-1)).toMatchObject({ from: T0 - 60_000, to: T0 - 30_000 });
  });
});
