import { synthesizeRecording } from '@gigawatt/mock-telemetry/synthesize';
import { openFileSink } from '../recorder/fileSink.ts';
import type { DemoJob, DemoReport } from './demoJob.ts';

/**
 * Writes one demo recording to `job.out` with the mock-telemetry synthesizer (the same file
 * `npm run mock -- synthesize --scenario …` writes). Runs in the demo worker thread.
 */
export async function synthesizeDemo(job: DemoJob): Promise<DemoReport> {
  const started = performance.now();
  const sink = openFileSink(job.out);
  try {
    const r = await synthesizeRecording(
      {
        scenario: job.scenario,
        from: job.from,
        ...(job.durationMs === undefined ? {} : { durationMs: job.durationMs }),
        seed: job.seed,
        fleet: job.fleet,
        created: job.created,
      },
      sink,
    );
    return { type: 'done', messages: r.messages, bytes: r.bytes, ms: performance.now() - started };
  } finally {
    await sink.close();
  }
}
