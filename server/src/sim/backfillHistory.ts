import type { Simulator } from '@gigawatt/mock-telemetry';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { DEFAULT_TIERS } from '../store/tieredHistory.ts';

const span = (name: string) => {
  const t = DEFAULT_TIERS.find((x) => x.name === name)!;
  return t.stepMs * t.capacity;
};

/**
 * Gives every chart a past on first start: the simulator can jump to any instant, so each tier is
 * synthesized at its own resolution (two sub-samples per bucket give the min/max band a real spread)
 * instead of generating a week second by second.
 */
export function backfillHistory(store: TelemetryStore, sim: Simulator, endMs: number, spanMs: number) {
  const started = performance.now();
  const end = Math.floor(endMs / 1000) * 1000;
  let calls = 0;
  const tier = (name: '1m' | '10s', stepMs: number, tierSpan: number) => {
    const from = Math.ceil((end - Math.min(spanMs, tierSpan)) / stepMs) * stepMs;
    for (let t = from; t < end; t += stepMs) {
      const a = sim.sampleFleet(t);
      const b = sim.sampleFleet(t + stepMs / 2);
      calls += 2;
      store.backfillBucket(name, t, [a, b]);
    }
  };
  tier('1m', 60_000, span('1m'));
  tier('10s', 10_000, span('10s'));
  for (let t = end - Math.min(spanMs, span('1s')); t < end; t += 1000) {
    const samples = sim.sampleFleet(t);
    calls++;
    for (const s of samples) store.putSample(s);
  }
  return { ms: performance.now() - started, calls };
}
