import { replay } from '@gigawatt/mock-telemetry/replay';
import { fastClock, memoryRecording, REC_FROM } from '@gigawatt/mock-telemetry/testing/replayFixture';
import { decodeRackWire } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { TEST_INGEST_TOKEN, testConfig } from '../testing/fixtures.ts';

// `npm run mock -- replay` publishing a recording into the real server as a live producer. (Moved from
// mock-telemetry, which must not import the server: the server depends on it.)

let server: GigawattServer;
let recording: Awaited<ReturnType<typeof memoryRecording>>;
beforeAll(async () => {
  [server, recording] = await Promise.all([
    createGigawattServer(testConfig()),
    memoryRecording({ incidents: [] }),
  ]);
});
afterAll(async () => {
  await server?.close();
});

describe('replay into the real server', () => {
  it('lands in the store as live samples, retimed to now, rack blocks included', async () => {
    // The virtual clock starts at the server's own clock: the server refuses samples > 5 min ahead.
    const clock = fastClock(Date.now());
    const stats = await replay({
      url: server.url,
      token: TEST_INGEST_TOKEN,
      recording: recording.rec,
      clock,
      count: 5,
      log: () => {},
    });
    expect(stats).toMatchObject({ seconds: 5, samples: 10, rackBlocks: 5, refused: 0, unanswered: 0 });
    expect(server.ingest.stats.accepted).toBe(10);
    const latest = server.store.latestSamples();
    expect(latest.map((s) => s.site).sort()).toEqual(['ohio', 'texas']);
    const lastTick = Math.floor(clock.at / 1000) * 1000;
    for (const s of latest) {
      expect(s.t).toBe(lastTick);
      expect(s.seq).toBe(lastTick / 1000);
      const recorded = recording.samples.get(REC_FROM + 4000)!.get(s.site)!.sample;
      expect({ ...s, t: recorded.t, seq: recorded.seq }).toEqual(recorded);
    }
    const wire = server.store.latestRacks('texas', 'h1');
    expect(wire && decodeRackWire(wire).t).toBe(lastTick);
    expect(server.store.latestSample('ohio')?.seq).toBe(lastTick / 1000);
  });

  it('fails with the server’s own error when the token is refused', async () => {
    const run = replay({
      url: server.url,
      token: 'wrong-token',
      recording: recording.rec,
      count: 1,
      log: () => {},
    });
    await expect(run).rejects.toThrow(/invalid ingest token/);
  });
});
