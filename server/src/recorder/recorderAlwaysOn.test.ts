import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet } from '@gigawatt/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { waitFor } from '../testing/socketHelpers.ts';
import { createRecorder, type Recorder } from './createRecorder.ts';

const sim = createSimulator({ seed: 3 });
let dir: string;
let t = Date.UTC(2026, 5, 1, 12, 0, 0);
let rec: Recorder | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gigawatt-alwayson-'));
});
afterEach(async () => {
  await rec?.close();
  await rm(dir, { recursive: true, force: true });
});

const feed = async (r: Recorder, seconds: number) => {
  for (let i = 0; i < seconds; i++, t += 1000) for (const s of sim.sampleFleet(t)) r.onSample(s);
  await r.flush();
};

it('setAlwaysOn pauses and resumes the always-on segments (a cluster node that loses or takes the lease); captures go on', async () => {
  rec = await createRecorder({
    dataDir: dir,
    fleet: defaultFleet,
    now: () => t,
    flushMs: 3_600_000,
    alwaysOn: false,
  });
  const r = rec;
  await feed(r, 3);
  expect(r.list()).toEqual([]);
  const capture = await r.startCapture({ name: 'incident', level: 'hall' });

  r.setAlwaysOn(true);
  await feed(r, 5);
  const segment = r.list().find((x) => x.kind === 'segment')!;
  expect(segment.state).toBe('recording');

  r.setAlwaysOn(false);
  await feed(r, 5);
  // The segment is finished in the background (index, footer, sidecar).
  await waitFor(() => r.get(segment.id)?.state === 'complete');
  const paused = r.get(segment.id)!;
  // Ended as a complete file at the pause: nothing after it.
  expect(paused.state).toBe('complete');
  expect(paused.end).toBeLessThan(t - 4000);
  expect(r.list().filter((x) => x.kind === 'segment')).toHaveLength(1);
  expect(r.get(capture)!.state).toBe('recording');

  r.setAlwaysOn(true);
  await feed(r, 2);
  expect(r.list().filter((x) => x.kind === 'segment' && x.state === 'recording')).toHaveLength(1);
});
