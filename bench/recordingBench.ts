import { loadZstdDecoder, openRecording } from '@gigawatt/shared/recording';
import { httpRangeReadable } from '../client/src/sources/httpRangeReadable.ts';
import { RecordingSource } from '../client/src/sources/RecordingSource.ts';
import type { SourceEvent } from '../client/src/sources/TelemetrySource.ts';
import { startServer } from '../e2e/harness.ts';
import { percentile } from './viewerLoad.ts';

export interface RecordingBenchResult {
  recording: { id: string; name: string; hours: number; sizeBytes: number; level: string };
  /** Bytes per 24 h of recording at its level (site + hall for the normal-day demo). */
  bytesPerDay: number;
  /**
   * File size over the numbers recorded (DESIGN.md: ≤ 2 bytes per value at hall level). A value is one
   * figure of a site sample: 9 per site (facility and IT power, five GPU counts, utilization, inlet
   * temperature) and 8 per hall (the same less facility power), plus 4 per liquid-cooled hall (coolant
   * supply, return, flow, CDU power); t and seq are not counted.
   */
  bytesPerValue: number;
  values: number;
  /** Chunk compressions in the file, with their chunk counts. */
  compression: Record<string, number>;
  /** The zstd decoder the reads below used: the browser's (fzstd), not Node's. */
  decoder: 'fzstd';
  /** RecordingSource.open → first tick delivered, over HTTP range reads of the real server. */
  openMs: { p50: number; p95: number; n: number; bytesFetched: number; requests: number };
  /**
   * RecordingSource.open → every alert and note marker known (the `gigawatt.markers` index when the file
   * has one), with what was fetched for the open and the markers together.
   */
  markers: { ms: number; count: number; bytesFetched: number; requests: number };
  /** seek(t) → the tick of t delivered, at random points of the day. */
  seekMs: { p50: number; p95: number; n: number; bytesPerSeek: number };
  /** Playing at 100× for `wallS` seconds: recording seconds delivered against what 100× asks for. */
  playback100x: {
    wallS: number;
    expectedSeconds: number;
    deliveredSeconds: number;
    missing: number;
    duplicates: number;
    keepsUp: boolean;
  };
}

function fanOut(listeners: Set<(e: SourceEvent) => void>, e: SourceEvent) {
  for (const l of listeners) l(e);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fetch that counts what it downloads, so the bench can say how little of the file a seek needs. */
function countingFetch() {
  const stats = { bytes: 0, requests: 0 };
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    stats.requests++;
    const len = Number(res.headers.get('content-length') ?? 0);
    stats.bytes += Number.isFinite(len) ? len : 0;
    return res;
  };
  return { fetch: f, stats };
}

/** Waits for the event a predicate accepts; the listener is installed before `trigger` runs. */
function nextEvent(
  listeners: Set<(e: SourceEvent) => void>,
  accept: (e: SourceEvent) => boolean,
  trigger: () => void,
  timeoutMs = 10_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => {
      listeners.delete(on);
      reject(new Error('timed out waiting for a tick'));
    }, timeoutMs);
    const on = (e: SourceEvent) => {
      if (!accept(e)) return;
      clearTimeout(timer);
      listeners.delete(on);
      resolve(performance.now() - started);
    };
    listeners.add(on);
    trigger();
  });
}

/**
 * How many numbers the recording holds: per site channel, its message count (from the file's statistics)
 * times the figures of one sample (9 for the site, 8 per hall and 4 more per hall with a coolant loop;
 * the halls of its first sample).
 */
async function recordedValues(url: string): Promise<{ values: number; compression: Record<string, number> }> {
  const rec = await openRecording(httpRangeReadable(url));
  let values = 0;
  for (const topic of rec.topics) {
    if (topic.kind !== 'site' || topic.messageCount === undefined) continue;
    for await (const m of rec.readMessages({ topics: [topic.topic] })) {
      if (m.kind === 'site') {
        const perSample = m.sample.halls.reduce((a, h) => a + 8 + (h.coolant ? 4 : 0), 9);
        values += topic.messageCount * perSample;
      }
      break;
    }
  }
  const compression: Record<string, number> = {};
  for (const c of rec.reader.chunkIndexes) {
    const name = c.compression || 'none';
    compression[name] = (compression[name] ?? 0) + 1;
  }
  return { values, compression };
}

/**
 * Issue 5's replay figures against the real server: the normal-day demo recording (24 h, whole fleet
 * at site + hall level, synthesized at first start) read by the client's RecordingSource over HTTP
 * range requests, as the browser reads it.
 */
export async function recordingBench(opts: { opens?: number; seeks?: number; wallS?: number } = {}) {
  const opens = opts.opens ?? 15;
  const seeks = opts.seeks ?? 40;
  const wallS = opts.wallS ?? 20;
  const server = await startServer(
    { GIGAWATT_DEMOS: '1', GIGAWATT_BACKFILL: '0s' },
    { requireClient: false },
  );
  try {
    // The demos are made in the background after the server listens.
    type Listed = { id: string; kind: string; name: string; start: number; end?: number; size: number };
    let demo: Listed | undefined;
    const deadline = Date.now() + 180_000;
    while (!demo) {
      const res = await fetch(`${server.url}/api/recordings`);
      const body = (await res.json()) as { recordings: (Listed & { state: string; level: string })[] };
      demo = body.recordings.find(
        (r) => r.kind === 'demo' && r.state === 'complete' && (r.end ?? 0) - r.start > 20 * 3_600_000,
      );
      if (!demo && Date.now() > deadline) throw new Error('the normal-day demo recording never appeared');
      if (!demo) await sleep(500);
    }
    const url = `${server.url}/api/recordings/${demo.id}/file`;
    const hours = ((demo.end ?? demo.start) - demo.start) / 3_600_000;
    // Reads below decode as the player in a browser does.
    await loadZstdDecoder('fzstd');
    const size = await recordedValues(url);

    const openTimes: number[] = [];
    let openBytes = 0;
    let openRequests = 0;
    for (let i = 0; i < opens; i++) {
      const counted = countingFetch();
      const listeners = new Set<(e: SourceEvent) => void>();
      const started = performance.now();
      const src = await RecordingSource.open({ kind: 'url', url, id: demo.id }, { fetch: counted.fetch });
      await nextEvent(
        listeners,
        (e) => e.type === 'ticks',
        () => src.start((e) => fanOut(listeners, e)),
      );
      openTimes.push(performance.now() - started);
      openBytes = counted.stats.bytes;
      openRequests = counted.stats.requests;
      src.stop();
    }

    const markerFetch = countingFetch();
    const markersStarted = performance.now();
    const withMarkers = await RecordingSource.open(
      { kind: 'url', url, id: demo.id },
      { fetch: markerFetch.fetch },
    );
    while (withMarkers.playback.markersPending) await sleep(2);
    const markers = {
      ms: performance.now() - markersStarted,
      count: withMarkers.playback.markers.length,
      bytesFetched: markerFetch.stats.bytes,
      requests: markerFetch.stats.requests,
    };
    withMarkers.stop();

    const counted = countingFetch();
    const listeners = new Set<(e: SourceEvent) => void>();
    const src = await RecordingSource.open({ kind: 'url', url, id: demo.id }, { fetch: counted.fetch });
    await nextEvent(
      listeners,
      (e) => e.type === 'ticks',
      () => src.start((e) => fanOut(listeners, e)),
    );
    const { start, end } = src.playback.recording;
    const bytesBefore = counted.stats.bytes;
    const seekTimes: number[] = [];
    // A fixed pseudo-random walk, so runs compare.
    let x = 12345;
    for (let i = 0; i < seeks; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const t = start + Math.floor(((x / 2 ** 31) * (end - start)) / 1000) * 1000;
      seekTimes.push(
        await nextEvent(
          listeners,
          (e) => e.type === 'ticks' && e.ticks.some((k) => k.t === t),
          () => src.seek(t),
        ),
      );
    }
    const bytesPerSeek = (counted.stats.bytes - bytesBefore) / seeks;

    // 100×: every recording second once, in order, and as many as 100× wall time asks for.
    src.seek(start + 3_600_000);
    await sleep(300);
    const seen: number[] = [];
    listeners.add((e) => {
      if (e.type === 'ticks') for (const k of e.ticks) seen.push(k.t);
    });
    src.setSpeed(100);
    const playStarted = performance.now();
    src.play();
    await sleep(wallS * 1000);
    src.pause();
    const elapsedS = (performance.now() - playStarted) / 1000;
    src.stop();
    const unique = new Set(seen);
    const first = Math.min(...seen);
    const last = Math.max(...seen);
    const span = (last - first) / 1000 + 1;
    const expectedSeconds = Math.round(elapsedS * 100);
    const result: RecordingBenchResult = {
      recording: { id: demo.id, name: demo.name, hours, sizeBytes: demo.size, level: 'hall' },
      bytesPerDay: (demo.size / hours) * 24,
      bytesPerValue: demo.size / size.values,
      values: size.values,
      compression: size.compression,
      decoder: 'fzstd',
      openMs: {
        p50: percentile(openTimes, 50),
        p95: percentile(openTimes, 95),
        n: opens,
        bytesFetched: openBytes,
        requests: openRequests,
      },
      markers,
      seekMs: { p50: percentile(seekTimes, 50), p95: percentile(seekTimes, 95), n: seeks, bytesPerSeek },
      playback100x: {
        wallS: elapsedS,
        expectedSeconds,
        deliveredSeconds: unique.size,
        missing: span - unique.size,
        duplicates: seen.length - unique.size,
        keepsUp: unique.size >= 0.95 * expectedSeconds && span === unique.size,
      },
    };
    return result;
  } finally {
    await server.stop();
  }
}
