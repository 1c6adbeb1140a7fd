import { type AlertEvent, defaultFleet, indexFleet, type SiteSample } from '@gigawatt/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetryStore } from '../store/telemetryStore.ts';
import { makeSample } from '../testing/fixtures.ts';
import type { StateStorage } from './stateStorage.ts';

const idx = indexFleet(defaultFleet);
const tiers = [
  { name: '1s' as const, stepMs: 1000, capacity: 120 },
  { name: '10s' as const, stepMs: 10_000, capacity: 60 },
  { name: '1m' as const, stepMs: 60_000, capacity: 30 },
];
const T0 = Date.UTC(2026, 10, 23, 12);
const SERIES = [
  'fleet:facilityPowerMw',
  'fleet:gpuUtilPct',
  'site:ohio:gpuUtilPct',
  'hall:ohio:h11:gpuUtilPct',
  'site:texas:pue',
];

export interface StorageHarness {
  /** A storage over the same durable place each time: calling it again is a restart. */
  open(): StateStorage;
  /**
   * What has to happen before a kill for appends to be kept: nothing for stores that write before they
   * return (file, memory); PostgreSQL writes its queue (it loses up to one flush interval at a kill -9).
   */
  settle?(storage: StateStorage): Promise<void>;
  cleanup(): Promise<void> | void;
}

const query = (store: TelemetryStore, from: number, to: number) =>
  store.history({ series: SERIES, from, to, maxPoints: 10_000 });

function feed(store: TelemetryStore, storage: StateStorage, s: SiteSample, live = true) {
  store.putSample(s, live);
  storage.appendSample(s, live);
}

const alertEvent = (id: string, kind: AlertEvent['kind'], t: number): AlertEvent => ({
  kind,
  alert: {
    id,
    rule: 'util-drop',
    severity: 'warning',
    scope: { site: 'ohio', hall: 'h11' },
    title: 'Ohio Hall 11: utilization fell',
    value: 60,
    threshold: 40,
    unit: 'pts',
    start: T0,
    state: kind === 'cleared' ? 'cleared' : kind === 'acknowledged' ? 'acknowledged' : 'raised',
    ...(kind === 'acknowledged' ? { ack: { by: 'ops', at: t, comment: 'looking' } } : {}),
    ...(kind === 'cleared' ? { end: t } : {}),
  },
});

/** The one contract every StateStorage implementation passes (embedded file store, memory, PostgreSQL). */
export function describeStateStorageContract(
  name: string,
  make: () => Promise<StorageHarness> | StorageHarness,
) {
  describe(`StateStorage contract: ${name}`, () => {
    let harness: StorageHarness | undefined;
    afterEach(async () => {
      await harness?.cleanup();
      harness = undefined;
    });
    const start = async () => {
      harness = await make();
      return harness;
    };

    it('restores nothing from nothing', async () => {
      const h = await start();
      const store = new TelemetryStore(idx, tiers);
      const r = await h.open().restore(store);
      expect(r.alerts).toEqual([]);
      expect(store.latestSamples()).toEqual([]);
      expect(query(store, 0, Number.MAX_SAFE_INTEGER).series.every((s) => s.t.length === 0)).toBe(true);
    });

    it('brings back every tier, the latest values and late data after a restart without a clean close', async () => {
      const h = await start();
      const before = new TelemetryStore(idx, tiers);
      const storage = h.open();
      await storage.restore(before);
      for (let s = 0; s < 90; s++) {
        if (s === 40) continue; // a hole, filled late below
        for (const site of defaultFleet.sites)
          feed(before, storage, makeSample(site.id, T0 + s * 1000, { util: (s * 7) % 100 }));
      }
      feed(before, storage, makeSample('ohio', T0 + 40_000, { util: 5 }), false);
      await h.settle?.(storage);
      // No close(): the process was killed.
      const after = new TelemetryStore(idx, tiers);
      const r = await h.open().restore(after);
      expect(r.samples).toBeGreaterThan(0);
      expect(query(after, T0, T0 + 90_000)).toEqual(query(before, T0, T0 + 90_000));
      expect(after.latestSamples()).toEqual(before.latestSamples());
      expect(after.secondsHeld('ohio')).toEqual(before.secondsHeld('ohio'));
    });

    it('checkpoints without losing what arrives meanwhile, and restores the same history', async () => {
      const h = await start();
      const before = new TelemetryStore(idx, tiers);
      const storage = h.open();
      await storage.restore(before);
      for (let s = 0; s < 200; s++) {
        const done = s === 100 ? storage.checkpoint(before) : undefined;
        for (const site of defaultFleet.sites)
          feed(before, storage, makeSample(site.id, T0 + s * 1000, { util: s % 90 }));
        await done;
      }
      await storage.checkpoint(before);
      for (const site of defaultFleet.sites)
        feed(before, storage, makeSample(site.id, T0 + 200_000, { util: 3 }));
      await h.settle?.(storage);
      const after = new TelemetryStore(idx, tiers);
      const r = await h.open().restore(after);
      expect(r.checkpointAt).toBeTypeOf('number');
      for (const [from, to] of [
        [T0, T0 + 200_000],
        [T0 + 150_000, T0 + 200_000],
      ] as const) {
        expect(query(after, from, to)).toEqual(query(before, from, to));
      }
      expect(after.latestSample('ohio')!.t).toBe(T0 + 200_000);
    });

    it('keeps the alert log in order with its acknowledgements and rule context', async () => {
      const h = await start();
      const store = new TelemetryStore(idx, tiers);
      const storage = h.open();
      await storage.restore(store);
      const events = [
        { event: alertEvent('a', 'raised', T0), context: 92 },
        { event: alertEvent('b', 'raised', T0 + 1000) },
        { event: alertEvent('a', 'acknowledged', T0 + 2000), context: 92 },
        { event: alertEvent('b', 'cleared', T0 + 3000) },
      ];
      for (const e of events) storage.appendAlert(e);
      await h.settle?.(storage);
      const r = await h.open().restore(new TelemetryStore(idx, tiers));
      const last = new Map(r.alerts.map((e) => [e.event.alert.id, e]));
      expect(last.get('a')).toEqual(events[2]);
      expect(last.get('b')).toEqual(events[3]);
      // A second restart (after the log was compacted) says the same.
      const again = await h.open().restore(new TelemetryStore(idx, tiers));
      expect(new Map(again.alerts.map((e) => [e.event.alert.id, e]))).toEqual(last);
    });

    it('a clean close then restart loses nothing either', async () => {
      const h = await start();
      const before = new TelemetryStore(idx, tiers);
      const storage = h.open();
      await storage.restore(before);
      for (let s = 0; s < 30; s++)
        for (const site of defaultFleet.sites) feed(before, storage, makeSample(site.id, T0 + s * 1000));
      await storage.close(before);
      const after = new TelemetryStore(idx, tiers);
      await h.open().restore(after);
      expect(query(after, T0, T0 + 30_000)).toEqual(query(before, T0, T0 + 30_000));
    });
  });
}
