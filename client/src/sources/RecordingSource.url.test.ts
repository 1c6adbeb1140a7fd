import { defaultFleet } from '@gigawatt/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRecording, type Fixture, fixtureAnnotation, manualClock } from '../testing/recordingFixture.ts';
import { RecordingSource } from './RecordingSource.ts';
import type { SourceEvent } from './TelemetrySource.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const BASE = 'http://gigawatt.test';

interface FakeServer {
  fetch: typeof fetch;
  calls: string[];
  /** Answer for GET …/annotations: a status and a body. */
  annotations: { status: number; body: unknown };
  /** Delay (real ms) before each file response: a slow network. */
  delayMs: number;
}

/** The server's two recording routes over one file: ranges for the file, JSON for the notes. */
function fakeServer(bytes: Uint8Array): FakeServer {
  const server: FakeServer = {
    calls: [],
    annotations: { status: 404, body: { error: 'not found' } },
    delayMs: 0,
    fetch: async (input, init) => {
      const url = String(input);
      server.calls.push(url);
      if (url.endsWith('/annotations')) {
        return new Response(JSON.stringify(server.annotations.body), { status: server.annotations.status });
      }
      const range = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('range') ?? '');
      if (!range) return new Response(bytes.slice(), { status: 200 });
      if (server.delayMs > 0) await new Promise((r) => setTimeout(r, server.delayMs));
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), bytes.byteLength - 1);
      return new Response(bytes.slice(start, end + 1), {
        status: 206,
        headers: { 'content-range': `bytes ${start}-${end}/${bytes.byteLength}` },
      });
    },
  };
  return server;
}

describe('RecordingSource over HTTP', () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await buildRecording({ start: T0, seconds: 300, chunkSize: 8192, annotations: [10] });
  });

  const open = (server: FakeServer, extra: { id?: string } = { id: 'seg-1' }) => {
    const clock = manualClock(0);
    return RecordingSource.open(
      { kind: 'url', url: `${BASE}/api/recordings/seg-1/file`, ...extra, token: 'tok' },
      {
        fallbackFleet: defaultFleet,
        fetch: server.fetch,
        baseUrl: BASE,
        now: clock.now,
        scheduler: clock.scheduler,
        blockSize: 4096,
      },
    ).then((source) => ({ source, clock }));
  };

  it('merges the server annotations into the markers, and keeps the file ones on a 404', async () => {
    const server = fakeServer(fixture.bytes);
    const { source } = await open(server);
    const ids = () => source.playback.markers.map((m) => m.id);
    expect(ids()).toEqual(['note-10']);
    await source.refreshAnnotations();
    expect(server.calls.at(-1)).toBe(`${BASE}/api/recordings/seg-1/annotations`);
    expect(ids()).toEqual(['note-10']);
    const heard: string[][] = [];
    source.onPlayback((s) => heard.push(s.markers.map((m) => m.id)));
    server.annotations = {
      status: 200,
      body: { annotations: [fixtureAnnotation(T0 + 10_000, 10), fixtureAnnotation(T0 + 5000, 99)] },
    };
    await source.refreshAnnotations();
    expect(ids()).toEqual(['note-99', 'note-10']);
    expect(heard).toEqual([['note-99', 'note-10']]);
    server.annotations = { status: 500, body: { error: 'disk on fire' } };
    await expect(source.refreshAnnotations()).rejects.toThrow(/500.*disk on fire/);
    server.annotations = { status: 200, body: { annotations: [{ id: 'x' }] } };
    await expect(source.refreshAnnotations()).rejects.toThrow(/malformed/);
    expect(ids()).toEqual(['note-99', 'note-10']);
    source.stop();
  });

  it('does not ask for annotations of a recording without a server id', async () => {
    const server = fakeServer(fixture.bytes);
    const { source } = await open(server, {});
    const before = server.calls.length;
    await source.refreshAnnotations();
    expect(server.calls.length).toBe(before);
    const local = await RecordingSource.open(
      { kind: 'bytes', bytes: fixture.bytes, name: 'local.mcap' },
      { fallbackFleet: defaultFleet, fetch: server.fetch },
    );
    await local.refreshAnnotations();
    expect(server.calls.length).toBe(before);
    expect(local.playback.recording.id).toBeUndefined();
  });

  it('holds the playhead while reads lag, then goes on without skipping or repeating a second', async () => {
    const server = fakeServer(fixture.bytes);
    const { source, clock } = await open(server);
    const events: SourceEvent[] = [];
    source.start((e) => events.push(e));
    await source.idle();
    server.delayMs = 5;
    source.setSpeed(100);
    source.play();
    // The wall clock races ahead of the (slow) reads: 100 frames of 100 ms in quick succession.
    for (let i = 0; i < 100 && source.playback.playing; i++) {
      clock.advance(100);
      await new Promise((r) => setTimeout(r, 2));
    }
    await source.idle();
    clock.advance(100);
    const times = events.flatMap((e) => (e.type === 'ticks' ? e.ticks.map((t) => t.t) : []));
    expect(times).toEqual(Array.from({ length: times.length }, (_, i) => T0 + i * 1000));
    expect(times.length).toBeGreaterThan(60);
    const hellos = events.filter((e) => e.type === 'hello');
    // start, play, and at least one re-sync after a stall: the slow reads did hold the playhead.
    expect(hellos.length).toBeGreaterThanOrEqual(3);
    expect(times.length).toBeLessThan(1000);
    // A hello that re-synced the store's clock after a stall says where the playhead really was.
    for (const h of hellos.slice(2)) {
      if (h.type === 'hello') expect(times).toContain(h.serverTime);
    }
    source.stop();
  }, 30_000);

  it('stops fetching when stopped', async () => {
    const server = fakeServer(fixture.bytes);
    const { source, clock } = await open(server);
    source.start(() => {});
    source.play();
    source.stop();
    const calls = server.calls.length;
    clock.advance(5000);
    await new Promise((r) => setTimeout(r, 20));
    expect(server.calls.length).toBeLessThanOrEqual(calls + 1);
    await expect(
      source.fetchHistory({ series: ['fleet:pue'], from: T0, to: T0 + 100_000, maxPoints: 10 }),
    ).rejects.toThrow();
  });

  /** Alerts spread over the recording's chunks: without the index, reading them needs many range requests. */
  const spreadAlerts = (markerIndex: boolean) =>
    buildRecording({
      start: T0,
      seconds: 300,
      chunkSize: 4096,
      markerIndex,
      alerts: [
        { id: 'a', raise: 0, clear: 250 },
        { id: 'b', raise: 120, clear: 130 },
        { id: 'c', raise: 290 },
      ],
    });

  it('opens a finished recording with its markers from the index: a few range requests, not every chunk', async () => {
    const indexed = fakeServer((await spreadAlerts(true)).bytes);
    indexed.delayMs = 25;
    const { source } = await open(indexed);
    expect(source.playback.markers.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(source.playback.markersPending).toBeUndefined();
    const withIndex = indexed.calls.length;
    source.stop();
    // The same file without the index: the open reads on through the chunks for them.
    const plain = fakeServer((await spreadAlerts(false)).bytes);
    const other = await open(plain);
    await other.source.idle();
    expect(other.source.playback.markers.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(withIndex, `${withIndex} requests with the index, ${plain.calls.length} without`).toBeLessThan(
      plain.calls.length,
    );
    other.source.stop();
  });

  it('opens a long recording without an index before its alerts are read, then adds them: markers, steps and the alerts open at the playhead', async () => {
    const spread = await spreadAlerts(false);
    const server = fakeServer(spread.bytes);
    server.delayMs = 25;
    const { source } = await open(server);
    expect(source.playback.markers, 'opened without waiting for every chunk').toEqual([]);
    expect(source.playback.markersPending).toBe(true);
    const events: SourceEvent[] = [];
    source.start((e) => events.push(e));
    const hellos = () => events.filter((e) => e.type === 'hello');
    await source.idle();
    expect(source.playback.markers.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(source.playback.markersPending).toBeUndefined();
    // The views heard the alert open at the playhead once it was known.
    expect(hellos().at(-1)).toMatchObject({ alerts: [{ id: 'a' }] });
    expect(source.seekAlert(1)).toBe(true);
    expect(source.playback.t).toBe(T0 + 120_000);
    source.stop();
  });
});
