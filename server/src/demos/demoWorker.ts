import { parentPort, workerData } from 'node:worker_threads';
import { describeZodError } from '@gigawatt/shared';
import { type DemoReport, demoJobSchema } from './demoJob.ts';
import { synthesizeDemo } from './synthesizeDemo.ts';

// A worker thread, so synthesizing a day (seconds of CPU) runs beside the live loop, not inside it.
async function run(): Promise<DemoReport> {
  const job = demoJobSchema.safeParse(workerData);
  if (!job.success) return { type: 'error', message: `bad demo job: ${describeZodError(job.error)}` };
  try {
    return await synthesizeDemo(job.data);
  } catch (error) {
    return { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.postMessage(await run());
