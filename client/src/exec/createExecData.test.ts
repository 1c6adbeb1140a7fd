import { defaultFleet, type HistoryResponse, indexFleet, type Tick } from '@gigawatt/shared';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fleetSamplesArb } from '../testing/testSamples.ts';
import type { Scope } from './buildScopeSeries.ts';
import { createExecData, type HistoryRequest, refetchIntervalMs } from './createExecData.ts';
import type { ExecRange } from './execUrl.ts';
import { scopeFigures } from './scopeFigures.ts';

const idx = indexFleet(defaultFleet);
const allIds = defaultFleet.sites.map((s) => s.id);
const scopes: Scope[] = [
  { id: 'fleet', siteIds: allIds, label: 'Fleet' },
  { id: 'site:ohio', siteIds: ['ohio'], label: 'Ohio' },
];
const NOW = 1_800_000_000_000;

/** A history server in miniature: buckets of `step` over the window, every value 10, maxPoints honoured. */
function fakeHistory() {
  const calls: HistoryRequest[] = [];
  const fetchHistory = async (q: HistoryRequest): Promise<HistoryResponse> => {
    calls.push(q);
    const step = Math.max(1000, Math.ceil((q.to - q.from) / q.maxPoints / 1000) * 1000);
    const t: number[] = [];
    for (let x = Math.ceil(q.from / step) * step; x <= q.to && t.length < q.maxPoints; x += step) t.push(x);
    const v = t.map(() => 10);
    return {
      from: q.from,
      to: q.to,
      tier: '1s',
      stepMs: step,
      series: q.series.map((id) => ({ id, unit: '', t, mean: v, min: v, max: v })),
    };
  };
  return { calls, fetchHistory };
}

function setup(range: ExecRange = { kind: 'preset', preset: '1h' }, dataFrom?: number) {
  let now = NOW;
  let onTick: ((t: Tick) => void) | null = null;
  const h = fakeHistory();
  const data = createExecData({
    fleet: defaultFleet,
    index: idx,
    range,
    scopes,
    fetchHistory: h.fetchHistory,
    now: () => now,
    subscribeTicks: (cb) => {
      onTick = cb;
      return () => {
        onTick = null;
      };
    },
    dataFrom,
  });
  return {
    data,
    calls: h.calls,
    tick: (t: number) => {
      now = t;
      const sites = fc.sample(fleetSamplesArb(t), { numRuns: 1, seed: t % 1000 })[0]!;
      const tick: Tick = { t, seq: 1, sites };
      onTick?.(tick);
      return tick;
    },
  };
}

const settle = async () => {
  await vi.advanceTimersByTimeAsync(50);
};

describe('createExecData', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for the charts’ widths, then never asks for more points than they have pixels', async () => {
    const { data, calls } = setup();
    data.start();
    await settle();
    expect(calls).toEqual([]);
    expect(data.getSnapshot().status).toBe('waiting');
    data.reportWidth('main', {}, 640.7);
    data.reportWidth('spark', {}, 120);
    data.reportWidth('spark', {}, 96);
    await settle();
    const points = new Set(calls.map((c) => c.maxPoints));
    expect(points).toEqual(new Set([640, 96, 120]));
    for (const c of calls) expect(c.series.length).toBeLessThanOrEqual(64);
    const snap = data.getSnapshot();
    expect(snap.status).toBe('ready');
    expect(snap.main!.maxPoints).toBe(640);
    expect(snap.spark!.scopes.get('site:ohio')!.get('util')!.t.length).toBeGreaterThan(50);
    // The previous period is the hour before the shown one.
    const prev = calls.find((c) => c.maxPoints === 120)!;
    expect(prev.to - prev.from).toBe(3_600_000);
    expect(prev.to).toBe(snap.from);
    data.stop();
  });

  it('folds live ticks into the newest bucket and slides the window', async () => {
    const { data, tick } = setup();
    data.reportWidth('main', {}, 600);
    data.reportWidth('spark', {}, 100);
    data.start();
    await settle();
    const before = data.getSnapshot();
    const util = before.main!.scopes.get('fleet')!.get('util')!;
    const t = NOW + 61_000;
    const sent = tick(t);
    const after = data.getSnapshot();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.to).toBe(t);
    expect(after.from).toBe(t - 3_600_000);
    // A new bucket: its mean is exactly the tick's figure.
    expect(util.t[util.t.length - 1]).toBe(Math.floor(t / util.step) * util.step);
    const expected = scopeFigures(sent.sites, idx, allIds).util;
    expect(util.mean[util.mean.length - 1]).toBeCloseTo(expected, 9);
    expect(util.t[0]! + util.step).toBeGreaterThan(after.from);
    data.stop();
  });

  it('measures a range from the first second a recording holds (replay: no "not enough data")', async () => {
    const recordingStart = NOW - 20 * 60_000;
    const { data, tick } = setup({ kind: 'preset', preset: '24h' }, recordingStart);
    data.reportWidth('main', {}, 600);
    data.reportWidth('spark', {}, 100);
    data.start();
    await settle();
    const snap = data.getSnapshot();
    expect([snap.from, snap.to]).toEqual([recordingStart, NOW]);
    // The previous period stays the 24 h before the range: it honestly has no data.
    expect(snap.prevTo - snap.prevFrom).toBe(24 * 3_600_000);
    tick(NOW + 1000);
    expect(data.getSnapshot().from).toBe(recordingStart);
    data.stop();
  });

  it('refetches a live range now and then, and a narrower chart at once', async () => {
    const { data, calls } = setup();
    data.reportWidth('main', {}, 600);
    data.reportWidth('spark', {}, 100);
    data.start();
    await settle();
    const first = calls.length;
    await vi.advanceTimersByTimeAsync(refetchIntervalMs(3_600_000) + 10);
    expect(calls.length).toBe(first * 2);
    const key = {};
    data.reportWidth('main', key, 300);
    await vi.advanceTimersByTimeAsync(400);
    expect(calls.slice(-3).map((c) => c.maxPoints)).toContain(300);
    data.stop();
    const stopped = calls.length;
    await vi.advanceTimersByTimeAsync(refetchIntervalMs(3_600_000) * 3);
    expect(calls.length).toBe(stopped);
  });

  it('keeps a custom range still: no folding, no refetching', async () => {
    const range: ExecRange = { kind: 'custom', from: NOW - 7_200_000, to: NOW - 3_600_000 };
    const { data, calls, tick } = setup(range);
    data.reportWidth('main', {}, 500);
    data.reportWidth('spark', {}, 80);
    data.start();
    await settle();
    const snap = data.getSnapshot();
    expect(snap.live).toBe(false);
    expect([snap.from, snap.to]).toEqual([range.from, range.to]);
    expect(calls.every((c) => c.to <= range.to)).toBe(true);
    tick(NOW + 5000);
    expect(data.getSnapshot().version).toBe(snap.version);
    const n = calls.length;
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(calls.length).toBe(n);
    data.stop();
  });

  it('reports a failed fetch and retries a live range', async () => {
    let fail = true;
    const h = fakeHistory();
    const data = createExecData({
      fleet: defaultFleet,
      index: idx,
      range: { kind: 'preset', preset: '24h' },
      scopes,
      fetchHistory: (q) =>
        fail ? Promise.reject(new Error('history request failed (503): busy')) : h.fetchHistory(q),
      now: () => NOW,
      subscribeTicks: () => () => {},
      widths: { main: 400, spark: 100 },
    });
    data.start();
    await settle();
    expect(data.getSnapshot()).toMatchObject({
      status: 'error',
      error: 'history request failed (503): busy',
    });
    fail = false;
    await vi.advanceTimersByTimeAsync(15_100);
    expect(data.getSnapshot().status).toBe('ready');
    data.stop();
  });
});
