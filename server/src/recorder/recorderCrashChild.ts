/**
 * Test fixture for the crash test (createRecorder.test.ts): records the simulator into argv[2] with the
 * real one-second flush and prints each simulated second it fed, until the test kills it with SIGKILL.
 */
import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet } from '@gigawatt/shared';
import { createRecorder } from './createRecorder.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: recorderCrashChild.ts <dataDir>');
const sim = createSimulator({ seed: 1 });
let t = Date.UTC(2026, 5, 1, 12);
const recorder = await createRecorder({ dataDir, fleet: defaultFleet, now: () => t });
// 20 simulated seconds per wall second, so a short test spans many flushes.
setInterval(() => {
  for (const s of sim.sampleFleet(t)) recorder.onSample(s);
  process.stdout.write(`${t}\n`);
  t += 1000;
}, 50);
