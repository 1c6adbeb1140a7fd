import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { planSynthesis, SCENARIOS } from '@gigawatt/mock-telemetry/synthesize';
import type { FleetConfig } from '@gigawatt/shared';
import type { Recorder } from '../recorder/createRecorder.ts';
import { incomingPath } from '../recorder/recordingFiles.ts';
import {
  DEMO_SCENARIOS,
  type DemoJob,
  type DemoReport,
  type DemoScenario,
  demoReportSchema,
} from './demoJob.ts';
import { DEMO_EDITION, demoMarkerPath, readDemoMarker, writeDemoMarker } from './demoMarker.ts';

const HOUR_MS = 3_600_000;

export interface DemoOptions {
  dataDir: string;
  fleet: FleetConfig;
  seed: number;
  recorder: Recorder;
  now: () => number;
  /** Shortens every demo (tests); default each scenario's own length. */
  durationMs?: number;
  onEvent?: (event: DemoEvent) => void;
}

export type DemoEvent =
  | { type: 'made'; scenario: DemoScenario; id: string; ms: number; bytes: number; messages: number }
  | { type: 'warning'; message: string };

export interface DemoRun {
  /** Resolves when every missing demo was made (or failed with a warning, or stop() was called). */
  done: Promise<void>;
  /** Ends the synthesis under way (its partial file is deleted) and resolves once nothing runs. */
  stop(): Promise<void>;
}

/** One synthesis in a worker thread; terminate() is the way to cancel it. */
function runInWorker(job: DemoJob, onWorker: (w: Worker | undefined) => void): Promise<DemoReport> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./demoWorker.mjs', import.meta.url), { workerData: job });
    onWorker(worker);
    let report: DemoReport | undefined;
    worker.on('message', (m: unknown) => {
      const r = demoReportSchema.safeParse(m);
      report = r.success ? r.data : { type: 'error', message: 'the demo worker sent an invalid report' };
    });
    worker.on('error', (error) => {
      report ??= { type: 'error', message: `demo worker failed: ${error.message}` };
    });
    worker.on('exit', (code) => {
      onWorker(undefined);
      resolve(report ?? { type: 'error', message: `demo worker stopped (exit code ${code})` });
    });
  });
}

/**
 * Ships the product with recordings to open: a normal day, a cooling failure in one hall, a training
 * job crashing, synthesized by the simulator's model in a worker thread after the server listens
 * (never in the way of start-up or of the live tick), each ending at the last whole hour before now.
 * Made once per data folder: a marker lists what was made, so a demo an operator deletes stays deleted.
 */
export function startDemoRecordings(options: DemoOptions): DemoRun {
  const emit = (e: DemoEvent) => {
    try {
      options.onEvent?.(e);
    } catch {
      // A listener's bug must not stop the demos.
    }
  };
  let stopped = false;
  let worker: Worker | undefined;

  async function run() {
    const markerPath = demoMarkerPath(options.dataDir);
    const marker = await readDemoMarker(markerPath);
    if (!marker) {
      emit({ type: 'warning', message: `${markerPath} is unreadable; no demo recordings are made` });
      return;
    }
    const end = Math.floor(options.now() / HOUR_MS) * HOUR_MS;
    for (const scenario of DEMO_SCENARIOS) {
      if (stopped) return;
      const previous = marker.made[scenario];
      // Deleted by an operator: stays deleted whatever the edition.
      if (previous && (previous.edition >= DEMO_EDITION || !options.recorder.get(previous.id))) continue;
      const durationMs = options.durationMs ?? SCENARIOS[scenario].durationMs;
      const from = end - durationMs;
      try {
        // The scenario's halls must exist in this fleet (a custom GIGAWATT_FLEET may not have them).
        planSynthesis({ scenario, from, durationMs, fleet: options.fleet });
      } catch (error) {
        emit({ type: 'warning', message: `demo "${scenario}" skipped: ${String(error)}` });
        continue;
      }
      const out = incomingPath(options.dataDir);
      const job: DemoJob = {
        scenario,
        from,
        ...(options.durationMs === undefined ? {} : { durationMs }),
        seed: options.seed,
        fleet: options.fleet,
        created: options.now(),
        out,
      };
      const report = await runInWorker(job, (w) => {
        worker = w;
      });
      if (stopped) {
        await rm(out, { force: true });
        return;
      }
      if (report.type === 'error') {
        await rm(out, { force: true });
        emit({ type: 'warning', message: `demo "${scenario}" not made: ${report.message}` });
        continue;
      }
      try {
        const info = await options.recorder.adopt(out, { kind: 'demo' });
        marker.made[scenario] = { id: info.id, at: options.now(), edition: DEMO_EDITION };
        await writeDemoMarker(markerPath, marker);
        // The new edition is kept before the old one goes, so a crash between leaves both, never neither.
        if (previous) await options.recorder.remove(previous.id);
        emit({
          type: 'made',
          scenario,
          id: info.id,
          ms: report.ms,
          bytes: info.size,
          messages: report.messages,
        });
      } catch (error) {
        emit({ type: 'warning', message: `demo "${scenario}" not kept: ${String(error)}` });
      }
    }
  }

  const done = run().catch((error: unknown) => emit({ type: 'warning', message: `demos: ${String(error)}` }));
  return {
    done,
    async stop() {
      stopped = true;
      await worker?.terminate();
      await done;
    },
  };
}
