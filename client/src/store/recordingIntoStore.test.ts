import { afterEach, describe, expect, it } from 'vitest';
import { rig, stopRigs, T0 } from '../testing/recordingRig.ts';
import { readColumns } from './columnBuffer.ts';
import { applySourceEvent, createDashboardStore, serverNow } from './createDashboardStore.ts';
import { createHistoryFiller } from './createHistoryFiller.ts';

// The store fed by a RecordingSource (sources/RecordingSource.test.ts tests the source alone).
afterEach(stopRigs);

describe('the store fed by a RecordingSource', () => {
  it('keeps the store clock on the playhead: paused, playing and after a seek', async () => {
    const r = await rig({}, { speed: 5 });
    const store = createDashboardStore({ now: r.clock.now });
    for (const e of r.events) applySourceEvent(store, e);
    const follow = () => {
      for (const e of r.events.splice(0)) applySourceEvent(store, e);
    };
    r.events.splice(0);
    expect(serverNow(store)).toBe(T0);
    r.clock.advance(10_000);
    expect(serverNow(store)).toBe(T0); // paused: time stands still
    r.source.play();
    follow();
    await r.run(2000);
    follow();
    expect(serverNow(store)).toBe(T0 + 10_000);
    expect(store.getState().latest?.t).toBe(T0 + 10_000);
    r.source.pause();
    follow();
    r.clock.advance(5000);
    expect(serverNow(store)).toBe(r.source.playback.t);
    r.source.seek(T0 + 60_500);
    await r.source.idle();
    follow();
    expect(serverNow(store)).toBe(T0 + 60_000);
    expect(store.getState().latest?.t).toBe(T0 + 60_000);
  });

  it('lets the history filler fill the chart window up to the playhead after a seek', async () => {
    const r = await rig({ seconds: 1200 });
    const store = createDashboardStore({ now: r.clock.now });
    const filler = createHistoryFiller(store, r.source, { gatherMs: 1 });
    const follow = () => {
      for (const e of r.events.splice(0)) {
        if (e.type === 'reset') filler.clear();
        applySourceEvent(store, e);
      }
    };
    r.source.seek(T0 + 1_000_000);
    await r.source.idle();
    follow();
    filler.ensure(['fleet:itPowerMw']);
    await filler.idle();
    const { t } = readColumns(store.getState().series.get('fleet:itPowerMw')!);
    // 15 minutes back from the playhead, one point a second, nothing after it.
    expect(t[0]).toBe(T0 + 100_000);
    expect(t.at(-1)).toBe(T0 + 1_000_000);
    expect(t).toHaveLength(901);
  });
});
