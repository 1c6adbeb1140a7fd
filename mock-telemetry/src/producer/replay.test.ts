import { decodeRackWire, type SiteSample } from '@gigawatt/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastClock, type MemoryRecording, memoryRecording, REC_FROM } from '../testing/replayFixture.ts';
import { scriptedProducer, until } from '../testing/scriptedProducer.ts';
import { startTestIngestServer, type TestIngestServer } from '../testing/startTestIngestServer.ts';
import { ConnectionRefusedError } from './ingestSession.ts';
import { replay, replayWindow } from './replay.ts';

const TOKEN = 'replay-test-token';
const WALL = Date.UTC(2026, 10, 23, 12, 0, 0, 300);

let server: TestIngestServer;
let recording: MemoryRecording;
beforeAll(async () => {
  [server, recording] = await Promise.all([startTestIngestServer(TOKEN), memoryRecording()]);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

const run = (options: Partial<Parameters<typeof replay>[0]> = {}, log: string[] = []) =>
  replay({
    url: server.url,
    token: TOKEN,
    recording: recording.rec,
    clock: fastClock(WALL),
    log: (line) => log.push(line),
    ...options,
  });

/** The recorded sample a received one was replayed from (all but t and seq are unchanged). */
function recordedAt(position: number, site: string): SiteSample {
  const m = recording.samples.get(position)?.get(site);
  if (!m) throw new Error(`no recorded ${site} sample at ${position}`);
  return m.sample;
}
const untimed = (s: SiteSample) => ({ ...s, t: 0, seq: 0 });

describe('replay', () => {
  it('plays the recording as a live 1 Hz feed: restamped to the wall second, seq = t / 1000', async () => {
    const log: string[] = [];
    const stats = await run({ count: 12 }, log);
    expect(stats).toMatchObject({
      seconds: 12,
      samples: 24,
      rackBlocks: 12,
      refused: 0,
      unanswered: 0,
      loops: 0,
    });
    expect(stats.position).toBe(REC_FROM + 11_000);
    const ohio = server.samples.filter((s) => s.site === 'ohio');
    const first = Math.floor(WALL / 1000) * 1000 + 1000;
    expect(ohio.map((s) => s.t)).toEqual(Array.from({ length: 12 }, (_, i) => first + i * 1000));
    for (const [i, s] of ohio.entries()) {
      expect(s.seq).toBe(s.t / 1000);
      expect(untimed(s)).toEqual(untimed(recordedAt(REC_FROM + i * 1000, 'ohio')));
    }
    const block = decodeRackWire(server.racks.at(-1)!);
    expect(block).toMatchObject({ site: 'texas', hall: 'h1', t: ohio.at(-1)!.t });
    expect(log).toContain('▸ 2026-07-15T14:00:10Z Training job crash in Texas Hall 1 (scenario)');
  });

  it('at speed N sends every N-th recorded second, still one sample per site per wall second', async () => {
    const stats = await run({ speed: 10, count: 3 });
    expect(stats.position).toBe(REC_FROM + 20_000);
    const texas = server.samples.filter((s) => s.site === 'texas');
    expect(texas.map((s) => s.t - texas[0]!.t)).toEqual([0, 1000, 2000]);
    for (const [i, s] of texas.entries()) {
      expect(untimed(s)).toEqual(untimed(recordedAt(REC_FROM + i * 10_000, 'texas')));
    }
  });

  it('below 1x holds each recorded second for 1/speed wall seconds', async () => {
    await run({ speed: 0.5, count: 4 });
    const ohio = server.samples.filter((s) => s.site === 'ohio');
    expect(new Set(ohio.map((s) => s.seq)).size).toBe(4);
    expect(ohio.map((s) => untimed(s))).toEqual(
      [0, 0, 1000, 1000].map((d) => untimed(recordedAt(REC_FROM + d, 'ohio'))),
    );
  });

  it('plays a window and loops it, seq still increasing', async () => {
    const log: string[] = [];
    const stats = await run({ from: REC_FROM + 5000, to: REC_FROM + 7000, loop: true, count: 7 }, log);
    expect(stats.loops).toBe(2);
    const ohio = server.samples.filter((s) => s.site === 'ohio');
    expect(ohio.map((s) => s.itPowerMw)).toEqual(
      [5, 6, 7, 5, 6, 7, 5].map((k) => recordedAt(REC_FROM + k * 1000, 'ohio').itPowerMw),
    );
    for (let i = 1; i < ohio.length; i++) expect(ohio[i]!.seq).toBe(ohio[i - 1]!.seq + 1);
    expect(log.filter((l) => l.startsWith('end of the recording'))).toHaveLength(2);
    // Without --loop it ends at the end of the window.
    expect(await run({ from: REC_FROM + 28_000 })).toMatchObject({ seconds: 2, position: REC_FROM + 29_000 });
  });

  it('keeps its pace through an outage: the samples are sent on reconnect, the rack blocks are not', async () => {
    const script = scriptedProducer(WALL, async (k, socket) => {
      if (k === 4) {
        await until(() => server.samples.length === 6 && server.racks.length === 3, 'seconds 1 to 3');
        await new Promise((r) => setTimeout(r, 20));
        server.down();
        await until(() => !socket.connected, 'the connection to drop');
      }
      if (k === 7) {
        server.up();
        await until(() => socket.connected, 'the reconnect');
      }
    });
    const stats = await run({ count: 10, ...script });
    const first = Math.floor(WALL / 1000) * 1000 + 1000;
    const ohio = server.samples.filter((s) => s.site === 'ohio');
    expect(ohio.map((s) => (s.t - first) / 1000)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [i, s] of ohio.entries())
      expect(untimed(s)).toEqual(untimed(recordedAt(REC_FROM + i * 1000, 'ohio')));
    expect(server.racks.map((r) => (r.t - first) / 1000)).toEqual([0, 1, 2, 6, 7, 8, 9]);
    expect(stats).toMatchObject({
      seconds: 10,
      samples: 20,
      buffered: 6,
      rackBlocks: 7,
      rackBlocksSkipped: 3,
      dropped: 0,
      undelivered: 0,
      position: REC_FROM + 9000,
    });
  });

  it('counts and reports samples the server refuses', async () => {
    server.refuseSites.add('texas');
    const log: string[] = [];
    const stats = await run({ count: 2 }, log);
    server.refuseSites.clear();
    expect(stats.refused).toBe(2);
    expect(log.filter((l) => l.includes('refused'))).toEqual(['sample texas refused: site texas is paused']);
    expect(log).toContain('  (last message repeated 1 more time)');
  });

  it('stops cleanly when aborted', async () => {
    const controller = new AbortController();
    const watch = setInterval(() => {
      if (server.samples.length >= 6) controller.abort();
    }, 5);
    const stats = await run({ loop: true, signal: controller.signal });
    clearInterval(watch);
    expect(stats.seconds).toBeGreaterThanOrEqual(3);
    expect(stats.unanswered).toBe(0);
  });

  it('fails with the server error when the token is refused', async () => {
    await expect(run({ token: 'wrong' })).rejects.toBeInstanceOf(ConnectionRefusedError);
  });

  it('checks the window against the recording and refuses a bad speed', async () => {
    const rec = recording.rec;
    expect(replayWindow(rec)).toEqual({ from: REC_FROM, to: REC_FROM + 29_000 });
    expect(replayWindow(rec, REC_FROM - 60_000, REC_FROM + 60_000)).toEqual({
      from: REC_FROM,
      to: REC_FROM + 29_000,
    });
    expect(() => replayWindow(rec, REC_FROM + 60_000)).toThrow(
      /--from 2026-07-15T14:01:00Z is after the recording/,
    );
    expect(() => replayWindow(rec, undefined, REC_FROM - 1)).toThrow(/--to .* is before the recording/);
    expect(() => replayWindow(rec, REC_FROM + 9000, REC_FROM + 8000)).toThrow(/is after --to/);
    await expect(run({ speed: 0 })).rejects.toThrow(/speed must be a positive number/);
  });
});
