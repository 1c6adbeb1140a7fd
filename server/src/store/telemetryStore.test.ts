import {
  decodeHistoryWire,
  defaultFleet,
  formatSeriesId,
  HALL_METRICS,
  HISTORY_FORMAT,
  historyWireSchema,
  indexFleet,
  METRICS,
} from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filledStore, fleetSecond, makeSample, SMALL_TIERS } from '../testing/fixtures.ts';
import { float32Digits, type StoreChunk, TelemetryStore } from './telemetryStore.ts';
import { ChunkScratch } from './tieredHistory.ts';

const idx = indexFleet(defaultFleet);
const tiers = SMALL_TIERS;
const T0 = Date.UTC(2026, 10, 23, 12);

const filled = (seconds: number) => filledStore(seconds, T0, (s) => s % 100);

describe('TelemetryStore.history', () => {
  it('answers a recent range from the 1 s tier and an older one from a coarser tier', () => {
    const store = filled(600);
    const recent = store.history({
      series: ['site:ohio:gpuUtilPct'],
      from: T0 + 570_000,
      to: T0 + 599_000,
      maxPoints: 1000,
    });
    expect(recent.tier).toBe('1s');
    expect(recent.series[0]!.t).toHaveLength(30);
    // The 10 s tier holds the last 300 s (30 buckets); further back only the 1 min tier reaches.
    const older = store.history({
      series: ['site:ohio:gpuUtilPct'],
      from: T0 + 300_000,
      to: T0 + 599_000,
      maxPoints: 1000,
    });
    expect(older.tier).toBe('10s');
    expect(older.series[0]!.t).toHaveLength(30);
    const oldest = store.history({
      series: ['site:ohio:gpuUtilPct'],
      from: T0,
      to: T0 + 599_000,
      maxPoints: 1000,
    });
    expect(oldest.tier).toBe('1m');
    expect(oldest.series[0]!.t).toHaveLength(10);
    // min/max bands keep the extremes of the seconds inside each bucket.
    expect(older.series[0]!.min[0]).toBe(0);
    expect(older.series[0]!.max[0]).toBe(9);
  });

  it('serves a range that straddles tiers wholly from the coarser tier, on one time axis', () => {
    const store = filled(600);
    const r = store.history({
      series: ['site:ohio:gpuUtilPct', 'fleet:itPowerMw'],
      from: T0 + 500_000,
      to: T0 + 599_000,
      maxPoints: 1000,
    });
    // 1 s tier only holds the last 60 s, so 500 s back needs the 10 s tier.
    expect(r.tier).toBe('10s');
    expect(r.series[0]!.t).toEqual(r.series[1]!.t);
    const steps = r.series[0]!.t.slice(1).map((t, i) => t - r.series[0]!.t[i]!);
    expect(new Set(steps)).toEqual(new Set([10_000]));
  });

  it('never returns more points than asked, and nothing for a range without data', () => {
    const store = filled(600);
    const r = store.history({
      series: ['hall:ohio:h11:itPowerMw'],
      from: T0,
      to: T0 + 599_000,
      maxPoints: 7,
    });
    expect(r.series[0]!.t.length).toBeLessThanOrEqual(7);
    expect(r.stepMs).toBeGreaterThanOrEqual(60_000);
    const none = store.history({
      series: ['site:texas:pue'],
      from: T0 - 86_400_000,
      to: T0 - 3_600_000,
      maxPoints: 100,
    });
    expect(none.series[0]!.t).toEqual([]);
  });

  it('puts late samples in their second without changing the latest value; rewriting a second is harmless', () => {
    const store = filled(10);
    const latest = store.latestSample('ohio');
    const late = makeSample('ohio', T0 + 5000, { util: 77 });
    expect(store.putSample(late, false)).toBe(true);
    expect(store.latestSample('ohio')).toBe(latest);
    const h = store.history({ series: ['site:ohio:gpuUtilPct'], from: T0, to: T0 + 9000, maxPoints: 100 });
    expect(h.series[0]!.mean[5]).toBeCloseTo(77, 3);
    expect(store.putSample(makeSample('ohio', T0 + 10_000))).toBe(true);
    expect(store.latestSample('ohio')!.t).toBe(T0 + 10_000);
    // Older than the finest tier keeps (60 s here): refused.
    expect(store.putSample(makeSample('ohio', T0 - 120_000), false)).toBe(false);
  });

  it('rolls the fleet up per second from the sites it holds, whatever order they arrive in', () => {
    const a = new TelemetryStore(idx, tiers);
    const b = new TelemetryStore(idx, tiers);
    const samples = [0, 1, 2].flatMap((s) =>
      defaultFleet.sites.map((site, i) => makeSample(site.id, T0 + s * 1000, { util: 10 * i + s })),
    );
    for (const x of samples) a.putSample(x);
    for (const x of [...samples].reverse()) b.putSample(x, false);
    const q = {
      series: ['fleet:facilityPowerMw', 'fleet:gpuUtilPct'],
      from: T0,
      to: T0 + 2000,
      maxPoints: 10,
    };
    expect(b.history(q)).toEqual(a.history(q));
    const sum = samples.filter((x) => x.t === T0).reduce((x, s) => x + s.facilityPowerMw, 0);
    expect(a.history(q).series[0]!.mean[0]).toBeCloseTo(sum, 2);
  });
});

describe('float32Digits', () => {
  it('prints what float32 holds in at most 7 significant digits, and keeps its value to float32 precision', () => {
    fc.assert(
      fc.property(
        fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e12), max: Math.fround(1e12) }),
        (f) => {
          const x = Math.fround(f);
          const r = float32Digits(x);
          expect(Math.abs(r - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-6 + 1e-30);
          expect(Number(r.toPrecision(7)) === r, String(r)).toBe(true);
        },
      ),
      { seed: 5, numRuns: 500 },
    );
    expect(float32Digits(Math.fround(646.8))).toBe(646.8);
    expect(float32Digits(0)).toBe(0);
  });
});

/** Every series id of the default fleet (fleet, site and hall level). */
const ALL_IDS = [
  ...METRICS.map((metric) => formatSeriesId({ level: 'fleet', metric })),
  ...defaultFleet.sites.flatMap((site) => [
    ...METRICS.map((metric) => formatSeriesId({ level: 'site', site: site.id, metric })),
    ...site.halls.flatMap((h) =>
      HALL_METRICS.map((metric) => formatSeriesId({ level: 'hall', site: site.id, hall: h.id, metric })),
    ),
  ]),
];

describe('TelemetryStore.historyJson', () => {
  it('sends the values of the per-series answer, on a shared time column, for any series set, range and maxPoints', () => {
    fc.assert(
      fc.property(
        // Seconds written (some sites or halls missing, some late), then one query.
        fc.array(
          fc.record({
            s: fc.integer({ min: 0, max: 1500 }),
            site: fc.integer({ min: 0, max: defaultFleet.sites.length - 1 }),
            util: fc.float({ min: 0, max: 100, noNaN: true }),
            dropHall: fc.boolean(),
          }),
          { maxLength: 300 },
        ),
        fc.uniqueArray(fc.constantFrom(...ALL_IDS), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: -100, max: 1600 }),
        fc.integer({ min: 1, max: 1700 }),
        fc.integer({ min: 1, max: 120 }),
        (writes, series, fromS, spanS, maxPoints) => {
          const store = new TelemetryStore(idx, tiers);
          for (const w of writes) {
            const sample = makeSample(defaultFleet.sites[w.site]!.id, T0 + w.s * 1000, { util: w.util });
            if (w.dropHall) sample.halls = sample.halls.slice(1);
            store.putSample(sample, false);
          }
          const q = { series, from: T0 + fromS * 1000, to: T0 + (fromS + spanS) * 1000, maxPoints };
          const wire = historyWireSchema.parse(JSON.parse(store.historyJson(q).toString('utf8')));
          expect(wire.format).toBe(HISTORY_FORMAT);
          // What the per-series answer sent as JSON (layout 1) said.
          const perSeries = JSON.parse(JSON.stringify(store.history(q)));
          expect(decodeHistoryWire(wire)).toEqual(perSeries);
          // A series carries its own times only when they differ from the shared column.
          for (const s of wire.series) if (s.t) expect(s.t).not.toEqual(wire.t);
        },
      ),
      { seed: 13, numRuns: 150 },
    );
  });

  it('sends the bucket times once when every series shares them', () => {
    const store = filled(600);
    const q = {
      series: ['site:ohio:gpuUtilPct', 'site:texas:itPowerMw', 'fleet:pue'],
      from: T0,
      to: T0 + 599_000,
      maxPoints: 50,
    };
    const wire = historyWireSchema.parse(JSON.parse(store.historyJson(q).toString('utf8')));
    expect(wire.t.length).toBeGreaterThan(0);
    expect(wire.series.every((s) => s.t === undefined)).toBe(true);
    expect(wire.series.map((s) => s.mean.length)).toEqual([wire.t.length, wire.t.length, wire.t.length]);
  });

  it('gives a series with holes its own times (a hall missing from some seconds)', () => {
    const store = new TelemetryStore(idx, tiers);
    const hall = defaultFleet.sites.find((s) => s.id === 'ohio')!.halls[0]!.id;
    for (let s = 0; s < 30; s++) {
      const x = makeSample('ohio', T0 + s * 1000);
      if (s % 3 === 0) x.halls = x.halls.slice(1);
      store.putSample(x);
    }
    const q = {
      series: ['site:ohio:gpuUtilPct', `hall:ohio:${hall}:gpuUtilPct`],
      from: T0,
      to: T0 + 29_000,
      maxPoints: 100,
    };
    const wire = historyWireSchema.parse(JSON.parse(store.historyJson(q).toString('utf8')));
    expect(wire.t).toHaveLength(30);
    expect(wire.series[0]!.t).toBeUndefined();
    expect(wire.series[1]!.t).toHaveLength(20);
    expect(decodeHistoryWire(wire)).toEqual(JSON.parse(JSON.stringify(store.history(q))));
  });

  it('gives queries of the same buckets one window and one head, each answer echoing its own from and to', () => {
    const store = filled(1500);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ALL_IDS), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: -100, max: 1600 }),
        fc.integer({ min: 1, max: 1700 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 59_999 }),
        fc.integer({ min: 0, max: 59_999 }),
        (series, fromS, spanS, maxPoints, a, b) => {
          const q = { series, from: T0 + fromS * 1000 + 1, to: T0 + (fromS + spanS) * 1000 + 1, maxPoints };
          const w = store.historyWindow(q);
          const step = tiers[w.tierIndex]!.stepMs;
          // Anywhere in the same buckets: from in (start - step, start], to in [end, end + step).
          const q2 = { ...q, from: w.start - (a % step), to: w.end + (b % step) };
          const w2 = store.historyWindow(q2);
          // An earlier from may need a coarser tier; at the same tier it is the same window.
          if (w2.tierIndex === w.tierIndex) expect(w2.key).toBe(w.key);
          if (w2.key === w.key) {
            expect(store.historyHead(w2).equals(store.historyHead(w))).toBe(true);
            const wire = historyWireSchema.parse(JSON.parse(store.historyJson(q2).toString('utf8')));
            expect([wire.from, wire.to]).toEqual([q2.from, q2.to]);
            expect(decodeHistoryWire(wire)).toEqual(JSON.parse(JSON.stringify(store.history(q2))));
          }
          // A range that reaches one more bucket (the newest, say) is another window, never a cached one.
          expect(store.historyWindow({ ...q, to: w.end + step }).key).not.toBe(w.key);
        },
      ),
      { seed: 19, numRuns: 200 },
    );
  });

  it('counts writes, so an answer cached at one version is known stale after any write', () => {
    const store = filled(5);
    const v = store.historyVersion;
    expect(store.putSample(makeSample('ohio', T0 + 2000, { util: 5 }), false)).toBe(true);
    expect(store.historyVersion).toBeGreaterThan(v);
    const v2 = store.historyVersion;
    // Refused (older than the finest tier keeps): nothing changed.
    expect(store.putSample(makeSample('ohio', T0 - 3_600_000), false)).toBe(false);
    expect(store.historyVersion).toBe(v2);
  });
});

describe('TelemetryStore.putSynthesized', () => {
  it('gives the history and latest values putSample gives, a batch at a time in any split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 40 }), (seconds, batch) => {
        const snapshot = (s: number) => fleetSecond(T0, s, (x) => (x * 7) % 100);
        const one = new TelemetryStore(idx, tiers);
        const bulk = new TelemetryStore(idx, tiers);
        for (let s = 0; s < seconds; s++) for (const x of snapshot(s)) one.putSample(x);
        for (let s = 0; s < seconds; s += batch) {
          const part = Array.from({ length: Math.min(batch, seconds - s) }, (_, i) => snapshot(s + i));
          bulk.putSynthesized(part);
        }
        const series = ['fleet:itPowerMw', 'site:ohio:gpuUtilPct', 'hall:texas:h1:itPowerMw'];
        for (const from of [T0, T0 - 3_600_000, T0 - 86_400_000]) {
          const q = { series, from, to: T0 + seconds * 1000, maxPoints: 1000 };
          expect(bulk.history(q)).toEqual(one.history(q));
        }
        for (const site of defaultFleet.sites)
          expect(bulk.latestSample(site.id)).toEqual(one.latestSample(site.id));
      }),
      { seed: 9, numRuns: 25 },
    );
  });
});

describe('TelemetryStore.exportChunksSliced', () => {
  const snapshot = (s: number) => fleetSecond(T0, s, (x) => (x * 11) % 100);

  it('yields what exportChunks yields when nothing is written meanwhile', async () => {
    const store = new TelemetryStore(idx, tiers);
    for (let s = 0; s < 200; s++) for (const x of snapshot(s)) store.putSample(x);
    const plain = [...store.exportChunks()].map((c) =>
      JSON.stringify([c.table, c.chunk.name, c.chunk.count]),
    );
    const sliced: string[] = [];
    const restored = new TelemetryStore(idx, tiers);
    for await (const c of store.exportChunksSliced(new ChunkScratch(), 0)) {
      sliced.push(JSON.stringify([c.table, c.chunk.name, c.chunk.count]));
      restored.importChunk(c);
    }
    expect(sliced).toEqual(plain);
    const q = {
      series: ['fleet:itPowerMw', 'site:ohio:gpuUtilPct'],
      from: T0,
      to: T0 + 200_000,
      maxPoints: 1000,
    };
    for (const from of [T0 + 150_000, T0, T0 - 3_600_000]) {
      expect(restored.history({ ...q, from })).toEqual(store.history({ ...q, from }));
    }
  });

  it('marks buckets the ring reused while it copied as not held, and keeps every other one as it was', async () => {
    const store = new TelemetryStore(idx, tiers);
    for (let s = 0; s < 60; s++) for (const x of snapshot(s)) store.putSample(x);
    const chunks = store.exportChunksSliced(new ChunkScratch(), 0);
    // The first chunk (the first site's 1 s tier) is copied in slices; 20 new seconds arrive meanwhile,
    // reusing the ring slots of seconds 0–19.
    const pending = chunks.next();
    for (let s = 60; s < 80; s++) for (const x of snapshot(s)) store.putSample(x);
    const first = (await pending).value as StoreChunk;
    await chunks.return(undefined);
    expect(first.chunk.name).toBe('1s');
    const held = Array.from(first.chunk.times).filter((t) => !Number.isNaN(t));
    expect(held.length).toBeLessThanOrEqual(40);
    expect(Math.min(...held)).toBeGreaterThanOrEqual(T0 + 20_000);
    const restored = new TelemetryStore(idx, tiers);
    restored.importChunk(first);
    const site = first.table;
    const q = { series: [`site:${site}:gpuUtilPct`], from: T0 + 20_000, to: T0 + 59_000, maxPoints: 1000 };
    const mine = restored.history(q).series[0]!;
    const live = store.history(q).series[0]!;
    expect(mine.t).toEqual(live.t.filter((t) => t <= T0 + 59_000));
    expect(mine.mean).toEqual(live.mean.slice(0, mine.t.length));
  });
});
