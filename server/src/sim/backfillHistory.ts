import { Worker } from 'node:worker_threads';
import type { Simulator } from '@gigawatt/mock-telemetry';
import type { FleetConfig, SiteSample, TierName } from '@gigawatt/shared';
import type { TableBlock, TelemetryStore } from '../store/telemetryStore.ts';
import { DEFAULT_TIERS } from '../store/tieredHistory.ts';
import { type BackfillJob, backfillMessageSchema, type CoarsePart } from './backfillJob.ts';

const span = (name: string) => {
  const t = DEFAULT_TIERS.find((x) => x.name === name)!;
  return t.stepMs * t.capacity;
};

interface Plan {
  end: number;
  /** Synthesized before listening, second by second: what the first pages show (their 15 min window). */
  firstFrom: number;
  /**
   * The rest, oldest tier last: the 1 s tier's older seconds (rows), then the older buckets of the
   * coarser tiers, each up to where the finer tier's data starts.
   */
  parts: CoarsePart[];
}

/** The live window a page asks for first (client LIVE_WINDOW_MS) and a minute to spare. */
const FIRST_MS = 16 * 60_000;

export function plan(endMs: number, spanMs: number): Plan {
  const end = Math.floor(endMs / 1000) * 1000;
  // An hour, not all the 1 s tier holds (65 min): live seconds arriving before the worker's hour is
  // merged would push its oldest seconds out of the ring.
  const recentFrom = end - Math.min(spanMs, 3_600_000, span('1s'));
  const firstFrom = end - Math.min(spanMs, span('1s'), FIRST_MS);
  const tenFrom = Math.ceil((end - Math.min(spanMs, span('10s'))) / 10_000) * 10_000;
  const minuteFrom = Math.ceil((end - Math.min(spanMs, span('1m'))) / 60_000) * 60_000;
  const parts: CoarsePart[] = [
    // The hour first (the 1 h views), then the day (24 h), then the week.
    { name: '1s', stepMs: 1000, from: recentFrom, to: firstFrom },
    { name: '10s', stepMs: 10_000, from: tenFrom, to: Math.floor(recentFrom / 10_000) * 10_000 },
    { name: '1m', stepMs: 60_000, from: minuteFrom, to: Math.floor(recentFrom / 60_000) * 60_000 },
  ];
  return { end, firstFrom, parts: parts.filter((c) => c.from < c.to) };
}

/** Seconds per putSynthesized call: bounds the snapshots held at once (an hour of them is ~100 MB). */
const SECONDS_BATCH = 300;

/** Seconds [from, to) into the 1 s tier, and (rollUp) into the coarser buckets they fall in. */
function writeSeconds(
  store: TelemetryStore,
  sim: Simulator,
  from: number,
  to: number,
  rollUp: boolean,
): number {
  let calls = 0;
  for (let at = from; at < to; at += SECONDS_BATCH * 1000) {
    const batch: SiteSample[][] = [];
    for (let t = at; t < Math.min(to, at + SECONDS_BATCH * 1000); t += 1000) {
      batch.push(sim.sampleFleet(t));
      calls++;
    }
    store.putSynthesized(batch, { rollUp });
  }
  return calls;
}

/** One coarse bucket from two sub-samples, so the min/max band has a real spread. */
function writeBucket(store: TelemetryStore, sim: Simulator, part: CoarsePart, t: number) {
  store.backfillBucket(part.name, t, [sim.sampleFleet(t), sim.sampleFleet(t + part.stepMs / 2)]);
}

/**
 * One part (the backfill worker, and synthesis without one); returns the simulator calls. The 1 s
 * part's seconds also go into the coarser buckets they fall in (a bucket straddling `to` is half in the
 * server's store: it recomputes that one after the merge, see backfillInBackground).
 */
export function writePart(store: TelemetryStore, sim: Simulator, part: CoarsePart): number {
  if (part.name === '1s') return writeSeconds(store, sim, part.from, part.to, true);
  let calls = 0;
  for (let t = part.from; t < part.to; t += part.stepMs) {
    writeBucket(store, sim, part, t);
    calls += 2;
  }
  return calls;
}

/**
 * Gives every chart a past on first start: the simulator can jump to any instant, so each tier is
 * synthesized at its own resolution instead of generating a week second by second. All at once (bench).
 */
export function backfillHistory(store: TelemetryStore, sim: Simulator, endMs: number, spanMs: number) {
  const started = performance.now();
  const p = plan(endMs, spanMs);
  let calls = writeSeconds(store, sim, p.firstFrom, p.end, true);
  for (const part of p.parts) {
    calls += writePart(store, sim, part);
    if (part.name === '1s') store.rollUp(part.from, part.to);
  }
  return { ms: performance.now() - started, calls };
}

export interface BackgroundBackfill {
  /** The recent past, written before this returned (what a page shows first: the last 16 min). */
  recent: { ms: number; calls: number };
  /** The older tiers; resolves when history is complete (or synthesis was cancelled). */
  done: Promise<{ ms: number; calls: number; where: 'worker' | 'main thread' }>;
  readonly complete: boolean;
  /** Tiers whose synthesized part has not been written yet. */
  readonly pending: readonly TierName[];
  cancel(): void;
}

export interface BackfillOptions {
  /** What the worker needs to make the same simulator as `sim`. */
  seed: number;
  fleet: FleetConfig;
  /** Worker trouble (it failed, and the main thread took over). */
  warn?: (message: string) => void;
  /** Merging a finished tier into the store (how long the main thread was held). */
  merged?: (tier: TierName, ms: number) => void;
  /** Tests: synthesize on the main thread without trying a worker. */
  worker?: boolean;
}

/** Slices of this long keep ticks and requests flowing while the main thread synthesizes. */
const SLICE_MS = 8;

/**
 * Start-up without waiting for a week of synthesis: the last 16 minutes at 1 s now (so the server can
 * listen with the first pages' window already there), the rest of the hour, the day and the week in a
 * worker thread, each tier merged into the store whole when it is done. Tiers are addressed by time and
 * the worker writes only what is older than what the server holds, so live seconds arriving meanwhile
 * and the synthesized past never overlap, and a view of the day shows the last hour until the day
 * arrives, never a day with a hole.
 * Without a worker (it failed to start or died) the main thread synthesizes in slices between other work.
 */
export function backfillInBackground(
  store: TelemetryStore,
  sim: Simulator,
  endMs: number,
  spanMs: number,
  options: BackfillOptions,
): BackgroundBackfill {
  const started = performance.now();
  const p = plan(endMs, spanMs);
  const recent = { ms: 0, calls: writeSeconds(store, sim, p.firstFrom, p.end, true) };
  recent.ms = performance.now() - started;
  let cancelled = false;
  let complete = false;
  let worker: Worker | undefined;
  const parts = p.parts;
  const written = new Set<TierName>();

  /** A part the worker made, merged whole (the coarser buckets over merged seconds recomputed here). */
  function merge(name: TierName, blocks: readonly TableBlock[]): void {
    const part = parts.find((c) => c.name === name);
    if (!part) return;
    const mergeStarted = performance.now();
    store.adoptBlocks(blocks);
    if (name === '1s') store.rollUp(part.from, part.to);
    options.merged?.(name, performance.now() - mergeStarted);
    written.add(name);
  }

  /**
   * Without a worker: newest bucket first, a slice at a time, so what is held stays one run back from
   * now (a view never shows a hole between the synthesized past and the recent one).
   */
  async function inSlices(todo: CoarsePart[]): Promise<number> {
    let calls = 0;
    for (const c of todo) {
      let t = c.to - c.stepMs;
      while (t >= c.from) {
        if (cancelled) return calls;
        const sliceEnd = performance.now() + SLICE_MS;
        while (t >= c.from && performance.now() < sliceEnd) {
          calls += writePart(store, sim, { ...c, from: t, to: t + c.stepMs });
          t -= c.stepMs;
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      written.add(c.name);
    }
    return calls;
  }

  /** Resolves with the simulator calls the worker reports once its parts are merged, or has failed. */
  function inWorker(): Promise<number> {
    return new Promise((resolve) => {
      let calls = 0;
      let failure: string | undefined;
      const job: BackfillJob = { seed: options.seed, fleet: options.fleet, parts };
      try {
        worker = new Worker(new URL('./backfillWorker.mjs', import.meta.url), { workerData: job });
      } catch (e) {
        options.warn?.(
          `history backfill worker did not start (${String(e)}); synthesizing on the main thread`,
        );
        resolve(calls);
        return;
      }
      worker.on('message', (m: unknown) => {
        const parsed = backfillMessageSchema.safeParse(m);
        if (!parsed.success) {
          failure = 'it sent an invalid message';
          void worker?.terminate();
          return;
        }
        const msg = parsed.data;
        if (msg.type === 'error') failure = msg.message;
        else if (msg.type === 'done') calls = msg.calls;
        else if (!cancelled) {
          try {
            merge(msg.name, msg.blocks);
          } catch (e) {
            failure = e instanceof Error ? e.message : String(e);
            void worker?.terminate();
          }
        }
      });
      worker.on('error', (error) => {
        failure ??= error.message;
      });
      worker.on('exit', () => {
        worker = undefined;
        if (failure !== undefined && !cancelled) {
          options.warn?.(
            `history backfill worker failed (${failure}); synthesizing the rest on the main thread`,
          );
        }
        resolve(calls);
      });
    });
  }

  const done = (async () => {
    let calls = recent.calls;
    const useWorker = options.worker !== false && parts.length > 0;
    if (useWorker) calls += await inWorker();
    // What the worker did not deliver (all of it when it could not start).
    const left = cancelled ? [] : parts.filter((c) => !written.has(c.name));
    if (left.length > 0) calls += await inSlices(left);
    complete = !cancelled;
    const where: 'worker' | 'main thread' = useWorker && left.length === 0 ? 'worker' : 'main thread';
    return { ms: performance.now() - started, calls, where };
  })();
  return {
    recent,
    done,
    get complete() {
      return complete;
    },
    get pending() {
      return complete ? [] : parts.filter((c) => !written.has(c.name)).map((c) => c.name);
    },
    cancel() {
      cancelled = true;
      void worker?.terminate();
    },
  };
}
