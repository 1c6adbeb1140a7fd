import { defaultFleet, indexFleet } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSample } from '../testing/fixtures.ts';
import { float32Digits, TelemetryStore } from './telemetryStore.ts';

const idx = indexFleet(defaultFleet);
// Small tiers so a test can fill and overflow them: 1 s × 60, 10 s × 30, 1 min × 20.
const tiers = [
  { name: '1s' as const, stepMs: 1000, capacity: 60 },
  { name: '10s' as const, stepMs: 10_000, capacity: 30 },
  { name: '1m' as const, stepMs: 60_000, capacity: 20 },
];
const T0 = Date.UTC(2026, 10, 23, 12);

function filled(seconds: number) {
  const store = new TelemetryStore(idx, tiers);
  for (let s = 0; s < seconds; s++) {
    const samples = defaultFleet.sites.map((site) => makeSample(site.id, T0 + s * 1000, { util: s % 100 }));
    for (const x of samples) store.putSample(x);
  }
  return store;
}

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
