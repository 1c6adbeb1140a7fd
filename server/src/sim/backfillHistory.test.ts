import { createHash } from 'node:crypto';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet, type FleetConfig, indexFleet } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { TelemetryStore } from '../store/telemetryStore.ts';
import { type BackfillOptions, backfillHistory, backfillInBackground, plan } from './backfillHistory.ts';

const SEED = 20261123;
const END = Date.UTC(2026, 6, 15, 14, 0, 7, 250);
// Three hours: every part of the plan (the first 16 min, the rest of the hour, the day's and the week's
// buckets) in a second or two of synthesis.
const SPAN = 3 * 3_600_000;
// Two sites of two halls: the same code paths as the default fleet, a tenth of the columns.
const fleet: FleetConfig = {
  ...defaultFleet,
  sites: defaultFleet.sites.slice(0, 2).map((site) => ({ ...site, halls: site.halls.slice(0, 2) })),
};
const idx = indexFleet(fleet);
const sim = () => createSimulator({ seed: SEED, fleet });
const options = (extra: Partial<BackfillOptions> = {}): BackfillOptions => ({ seed: SEED, fleet, ...extra });

/** Every table's every tier, hashed: equal means every answer the store can give is equal. */
function snapshot(store: TelemetryStore): string[] {
  return [...store.exportChunks()].map(({ table, chunk }) => {
    const hash = createHash('sha256');
    for (const a of [chunk.times, chunk.weight, ...chunk.mean, ...chunk.min, ...chunk.max]) {
      hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    return `${table}/${chunk.name}/${chunk.from}/${chunk.count}/${hash.digest('hex')}`;
  });
}

const WINDOWS = [3_600_000, 86_400_000, 7 * 86_400_000];
const SERIES = ['fleet:itPowerMw', 'site:ohio:gpuUtilPct', 'hall:louisiana:h1:itPowerMw'];

/** Bucket times of each window's answer have no hole: consecutive at the answer's step, up to the end. */
function expectNoHole(store: TelemetryStore, now: number): void {
  for (const span of WINDOWS) {
    const h = store.history({ series: SERIES, from: now - span, to: now, maxPoints: 5000 });
    for (const s of h.series) {
      expect(s.t.length).toBeGreaterThan(0);
      for (let i = 1; i < s.t.length; i++) {
        expect(s.t[i]! - s.t[i - 1]!).toBe(h.stepMs);
      }
      expect(s.mean.every(Number.isFinite)).toBe(true);
    }
  }
}

describe('plan', () => {
  it("splits the span into the first pages' 16 min, then the hour, the day and the week, without overlap", () => {
    const p = plan(END, 8 * 86_400_000);
    const end = Math.floor(END / 1000) * 1000;
    expect(p.firstFrom).toBe(end - 16 * 60_000);
    expect(p.parts.map((x) => x.name)).toEqual(['1s', '10s', '1m']);
    const [s, ten, min] = p.parts;
    expect(s!.to).toBe(p.firstFrom);
    expect(s!.from).toBe(end - 3_600_000);
    // Each coarse part stops where the finer tier's seconds begin, at a bucket boundary.
    expect(ten!.to).toBeLessThanOrEqual(s!.from);
    expect(s!.from - ten!.to).toBeLessThan(10_000);
    expect(min!.to).toBeLessThanOrEqual(s!.from);
    expect(s!.from - min!.to).toBeLessThan(60_000);
    // A short span (a restart's missed minutes) has no part for a worker.
    expect(plan(END, 5 * 60_000).parts).toEqual([]);
  });
});

describe('backfillInBackground', () => {
  it('ends with the history backfillHistory makes at once, whether a worker or the main thread makes it', {
    timeout: 60_000,
  }, async () => {
    const once = new TelemetryStore(idx);
    backfillHistory(once, sim(), END, SPAN);
    for (const worker of [true, false]) {
      const store = new TelemetryStore(idx);
      const merged: string[] = [];
      const fill = backfillInBackground(
        store,
        sim(),
        END,
        SPAN,
        options({ worker, merged: (t) => merged.push(t) }),
      );
      expect(fill.complete).toBe(false);
      expect(fill.pending).toEqual(['1s', '10s', '1m']);
      const done = await fill.done;
      expect(done.where).toBe(worker ? 'worker' : 'main thread');
      expect(fill.complete).toBe(true);
      expect(fill.pending).toEqual([]);
      if (worker) expect(merged).toEqual(['1s', '10s', '1m']);
      expect(snapshot(store)).toEqual(snapshot(once));
    }
  });

  // Slow only on a machine busy with other suites (the main-thread variant yields between slices).
  it('never shows a hole while it fills, and live seconds written meanwhile stay', {
    timeout: 90_000,
  }, async () => {
    for (const worker of [true, false]) {
      const live = sim();
      const store = new TelemetryStore(idx);
      const fill = backfillInBackground(store, sim(), END, SPAN, options({ worker }));
      // The recent past is there before anything else runs (the server listens after this).
      expect(fill.recent.calls).toBe(16 * 60);
      expectNoHole(store, END);
      let t = Math.floor(END / 1000) * 1000;
      let checks = 0;
      while (!fill.complete) {
        for (const s of live.sampleFleet(t)) store.putSample(s);
        expectNoHole(store, t);
        checks++;
        t += 1000;
        await new Promise((r) => setTimeout(r, 2));
      }
      await fill.done;
      expectNoHole(store, t);
      expect(checks).toBeGreaterThan(2);
      // The hour at 1 s ends with the live seconds, unchanged by the merge.
      const hour = store.history({
        series: ['fleet:itPowerMw'],
        from: t - 3_600_000,
        to: t,
        maxPoints: 5000,
      });
      expect(hour.stepMs).toBe(1000);
      const last = hour.series[0]!;
      expect(last.t.at(-1)).toBe(t - 1000);
      const check = new TelemetryStore(idx);
      for (const s of live.sampleFleet(t - 1000)) check.putSample(s);
      const expected = check.history({ series: ['fleet:itPowerMw'], from: t - 1000, to: t, maxPoints: 10 });
      expect(last.mean.at(-1)).toBe(expected.series[0]!.mean[0]);
    }
  });

  it('falls back to the main thread, saying why, when the worker fails', async () => {
    const warnings: string[] = [];
    const store = new TelemetryStore(idx);
    // The worker refuses the job (the seed is out of range); the main thread's simulator carries on.
    const fill = backfillInBackground(store, sim(), END, SPAN, {
      ...options({ warn: (m) => warnings.push(m) }),
      seed: 2 ** 33,
    });
    const done = await fill.done;
    expect(done.where).toBe('main thread');
    expect(warnings).toEqual([
      expect.stringMatching(/history backfill worker failed \(bad backfill job: .*seed/),
    ]);
    const once = new TelemetryStore(idx);
    backfillHistory(once, sim(), END, SPAN);
    expect(snapshot(store)).toEqual(snapshot(once));
  });

  it('cancel() stops the worker: done resolves, history stays incomplete', async () => {
    const store = new TelemetryStore(idx);
    const fill = backfillInBackground(store, sim(), END, 8 * 86_400_000, options());
    fill.cancel();
    await fill.done;
    expect(fill.complete).toBe(false);
    expectNoHole(store, END);
  });
});
