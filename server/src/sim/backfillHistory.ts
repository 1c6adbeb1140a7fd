import type { Simulator } from '@gigawatt/mock-telemetry';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { DEFAULT_TIERS } from '../store/tieredHistory.ts';

const span = (name: string) => {
  const t = DEFAULT_TIERS.find((x) => x.name === name)!;
  return t.stepMs * t.capacity;
};

interface Plan {
  end: number;
  /** The 1 s tier: the recent past, second by second (its writes also fill the coarser buckets). */
  recentFrom: number;
  /** Older buckets of the coarser tiers, each up to where the finer tier's data starts. */
  coarse: { name: '10s' | '1m'; stepMs: number; from: number; to: number }[];
}

function plan(endMs: number, spanMs: number): Plan {
  const end = Math.floor(endMs / 1000) * 1000;
  const recentFrom = end - Math.min(spanMs, span('1s'));
  const tenFrom = Math.ceil((end - Math.min(spanMs, span('10s'))) / 10_000) * 10_000;
  const minuteFrom = Math.ceil((end - Math.min(spanMs, span('1m'))) / 60_000) * 60_000;
  return {
    end,
    recentFrom,
    coarse: [
      // The day first (the 24 h views), then the week.
      { name: '10s', stepMs: 10_000, from: tenFrom, to: Math.floor(recentFrom / 10_000) * 10_000 },
      { name: '1m', stepMs: 60_000, from: minuteFrom, to: Math.floor(recentFrom / 60_000) * 60_000 },
    ],
  };
}

function writeRecent(store: TelemetryStore, sim: Simulator, p: Plan): number {
  let calls = 0;
  for (let t = p.recentFrom; t < p.end; t += 1000) {
    calls++;
    for (const s of sim.sampleFleet(t)) store.putSample(s);
  }
  return calls;
}

/** One coarse bucket from two sub-samples, so the min/max band has a real spread. */
function writeBucket(store: TelemetryStore, sim: Simulator, name: '10s' | '1m', t: number, stepMs: number) {
  store.backfillBucket(name, t, [sim.sampleFleet(t), sim.sampleFleet(t + stepMs / 2)]);
}

/**
 * Gives every chart a past on first start: the simulator can jump to any instant, so each tier is
 * synthesized at its own resolution instead of generating a week second by second. All at once (bench).
 */
export function backfillHistory(store: TelemetryStore, sim: Simulator, endMs: number, spanMs: number) {
  const started = performance.now();
  const p = plan(endMs, spanMs);
  let calls = writeRecent(store, sim, p);
  for (const c of p.coarse) {
    for (let t = c.from; t < c.to; t += c.stepMs) {
      writeBucket(store, sim, c.name, t, c.stepMs);
      calls += 2;
    }
  }
  return { ms: performance.now() - started, calls };
}

export interface BackgroundBackfill {
  /** The recent past, written before this returned (what a page shows first). */
  recent: { ms: number; calls: number };
  /** The older tiers, written in slices between other work; resolves when history is complete. */
  done: Promise<{ ms: number; calls: number }>;
  readonly complete: boolean;
  cancel(): void;
}

/** Slices of this long keep ticks and requests flowing while the week is synthesized. */
const SLICE_MS = 8;

/**
 * Start-up without waiting for a week of synthesis: the last hour at 1 s now (so the server can listen
 * with the recent past already there), the older 10 s and 1 min buckets afterwards, a slice at a time.
 * Tiers are addressed by time, so live seconds arriving meanwhile and the synthesized past never
 * overlap or leave a hole between them.
 */
export function backfillInBackground(
  store: TelemetryStore,
  sim: Simulator,
  endMs: number,
  spanMs: number,
): BackgroundBackfill {
  const started = performance.now();
  const p = plan(endMs, spanMs);
  let calls = writeRecent(store, sim, p);
  const recent = { ms: performance.now() - started, calls };
  let cancelled = false;
  let complete = false;
  const done = (async () => {
    for (const c of p.coarse) {
      let t = c.from;
      while (t < c.to) {
        if (cancelled) return { ms: performance.now() - started, calls };
        const sliceEnd = performance.now() + SLICE_MS;
        while (t < c.to && performance.now() < sliceEnd) {
          writeBucket(store, sim, c.name, t, c.stepMs);
          calls += 2;
          t += c.stepMs;
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    complete = true;
    return { ms: performance.now() - started, calls };
  })();
  return {
    recent,
    done,
    get complete() {
      return complete;
    },
    cancel() {
      cancelled = true;
    },
  };
}
