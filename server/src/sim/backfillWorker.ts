import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { describeZodError, indexFleet } from '@gigawatt/shared';
import { TelemetryStore } from '../store/telemetryStore.ts';
import { writePart } from './backfillHistory.ts';
import { type BackfillMessage, backfillJobSchema } from './backfillJob.ts';

/*
 * A worker thread, so a week of synthesis (seconds of CPU) runs beside the live loop, not between its
 * ticks; at the lowest priority (on Linux a thread's own), so a first page load on a two-core machine
 * gets the CPU before the past does.
 */
try {
  setPriority(19);
} catch {
  // Not allowed here: the thread still runs, at the server's priority.
}

function post(m: BackfillMessage): void {
  const transfer: ArrayBuffer[] = [];
  if (m.type === 'tier') {
    // The store's own blocks (never shared): moved to the server's thread, not copied.
    for (const { tier } of m.blocks) {
      for (const a of [tier.block, tier.times, tier.weight]) transfer.push(a.buffer as ArrayBuffer);
    }
  }
  parentPort?.postMessage(m, transfer);
}

function run(): void {
  const job = backfillJobSchema.safeParse(workerData);
  if (!job.success) {
    post({ type: 'error', message: `bad backfill job: ${describeZodError(job.error)}` });
    return;
  }
  const started = performance.now();
  const { seed, fleet, parts } = job.data;
  const sim = createSimulator({ seed, fleet });
  const store = new TelemetryStore(indexFleet(fleet));
  let calls = 0;
  for (const part of parts) {
    calls += writePart(store, sim, part);
    // A tier at a time, the hour before the day before the week: each arrives whole, so a chart never
    // shows half of it.
    post({ type: 'tier', name: part.name, blocks: store.exportBlocks(part.name) });
  }
  post({ type: 'done', ms: performance.now() - started, calls });
}

try {
  run();
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
