import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet } from '@gigawatt/shared';
import { createRecordingWriter, openRecording, type RecordingWriter } from '@gigawatt/shared/recording';
import { openFileReadable } from './fileReadable.ts';
import { openFileSink } from './fileSink.ts';

export interface RecordingBench {
  /** Site + hall level of the whole fleet, extrapolated from `sampleSeconds` simulated seconds. */
  bytesPerDayLive: number;
  bytesPerDayCompacted: number;
  rawJsonBytesPerDay: number;
  sampleSeconds: number;
  /** A day-long site + hall file (the layout a finished, compacted recording has). */
  daySeconds: number;
  dayFileBytes: number;
  dayChunks: number;
  synthesizeMs: number;
  /** openRecording over a file handle (header, footer, summary, metadata): median and 95th percentile. */
  openMsP50: number;
  openMsP95: number;
  /** 1 s of every channel at a random instant of an opened recording. */
  seekMsP50: number;
  seekMsP95: number;
  /** The same with one chunk per second (a live segment before compaction), for comparison. */
  liveLayoutOpenMsP50: number;
  liveLayoutSeekMsP50: number;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function timeOpenAndSeek(path: string, start: number, seconds: number, runs: number) {
  const open: number[] = [];
  const seek: number[] = [];
  let rng = 12345;
  // The first rounds are JIT warm-up and are not counted.
  for (let i = -3; i < runs; i++) {
    const t0 = performance.now();
    const file = await openFileReadable(path);
    const rec = await openRecording(file);
    const openMs = performance.now() - t0;
    rng = (rng * 1103515245 + 12345) % 2 ** 31;
    const at = start + Math.floor((rng / 2 ** 31) * seconds) * 1000;
    const t1 = performance.now();
    let n = 0;
    for await (const _ of rec.readMessages({ from: at, to: at + 999 })) n++;
    if (i >= 0) {
      open.push(openMs);
      seek.push(performance.now() - t1);
    }
    if (n === 0) throw new Error(`seek to ${at} found nothing`);
    await file.close();
  }
  return { open, seek };
}

/**
 * Recording size and replay latency for `npm run bench` (DESIGN.md: replay opens a 24 h recording in
 * ≤ 300 ms and seeks in ≤ 50 ms). Run alone with:
 *   npx tsx -e "import('./server/src/recorder/benchRecording.ts').then(async (m) => console.log(await m.benchRecording()))"
 */
export async function benchRecording(
  options: { sampleSeconds?: number; daySeconds?: number; runs?: number } = {},
) {
  const { sampleSeconds = 600, daySeconds = 86_400, runs = 40 } = options;
  const sim = createSimulator({ seed: 1 });
  const start = Date.UTC(2026, 6, 15, 0, 0, 0);
  const dir = await mkdtemp(join(tmpdir(), 'gigawatt-bench-recording-'));
  try {
    const metadata = {
      name: 'bench',
      level: 'hall' as const,
      sites: defaultFleet.sites.map((s) => s.id),
      created: start,
      source: 'bench',
    };
    const writer = (name: string) => {
      const sink = openFileSink(join(dir, name));
      return { path: join(dir, name), sink, w: createRecordingWriter({ writable: sink, metadata }) };
    };
    const close = async (x: { sink: { close(): Promise<void> }; w: RecordingWriter }) => {
      await x.w.end();
      await x.sink.close();
    };

    // One pass writes both layouts: chunk per second (live, crash-safe) and 256 KiB chunks (compacted).
    const live = writer('live.mcap');
    const day = writer('day.mcap');
    let rawJson = 0;
    const t0 = performance.now();
    for (let i = 0; i < daySeconds; i++) {
      const t = start + i * 1000;
      for (const s of sim.sampleFleet(t)) {
        day.w.writeSample(s);
        if (i < sampleSeconds) {
          live.w.writeSample(s);
          rawJson += JSON.stringify(s).length;
        }
      }
      if (i < sampleSeconds) await live.w.flush();
      if (i % 600 === 599) await day.w.flush(); // keep the write queue short; 10-minute chunks at most
    }
    await close(live);
    await close(day);
    const synthesizeMs = performance.now() - t0;

    // The live file's first `sampleSeconds`, repacked as finished segments are.
    const sampleDay = writer('sample-compacted.mcap');
    for (let i = 0; i < sampleSeconds; i++)
      for (const s of sim.sampleFleet(start + i * 1000)) sampleDay.w.writeSample(s);
    await close(sampleDay);

    const perDay = 86_400 / sampleSeconds;
    const liveBytes = (await stat(live.path)).size;
    const compactedBytes = (await stat(sampleDay.path)).size;
    const dayBytes = (await stat(day.path)).size;
    const dayFile = await openFileReadable(day.path);
    const dayChunks = (await openRecording(dayFile)).chunkCount;
    await dayFile.close();

    const dayTimes = await timeOpenAndSeek(day.path, start, daySeconds, runs);
    const liveTimes = await timeOpenAndSeek(live.path, start, sampleSeconds, Math.min(runs, 10));
    return {
      bytesPerDayLive: Math.round(liveBytes * perDay),
      bytesPerDayCompacted: Math.round(compactedBytes * perDay),
      rawJsonBytesPerDay: Math.round(rawJson * perDay),
      sampleSeconds,
      daySeconds,
      dayFileBytes: dayBytes,
      dayChunks,
      synthesizeMs,
      openMsP50: percentile(dayTimes.open, 50),
      openMsP95: percentile(dayTimes.open, 95),
      seekMsP50: percentile(dayTimes.seek, 50),
      seekMsP95: percentile(dayTimes.seek, 95),
      liveLayoutOpenMsP50: percentile(liveTimes.open, 50),
      liveLayoutSeekMsP50: percentile(liveTimes.seek, 50),
    } satisfies RecordingBench;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
