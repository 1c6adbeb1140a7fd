import { type ReplayOptions, replay } from '@gigawatt/mock-telemetry/replay';
import { synthesizeRecording } from '@gigawatt/mock-telemetry/synthesize';
import { decodeRackWire, type SiteSample } from '@gigawatt/shared';
import { type OpenedRecording, openRecording } from '@gigawatt/shared/recording';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { TEST_INGEST_TOKEN, testConfig } from '../testing/fixtures.ts';

// `npm run mock -- replay` publishing a recording into the real server as a live producer. (Moved from
// mock-telemetry, which must not import the server: the server depends on it.)

const REC_FROM = Date.UTC(2026, 6, 15, 14, 0, 0);

/** 30 s of Ohio and Texas at hall level plus Texas Hall 1's racks, in memory. */
async function memoryRecording(): Promise<{ rec: OpenedRecording; samples: Map<string, SiteSample> }> {
  const parts: Uint8Array[] = [];
  await synthesizeRecording(
    {
      from: REC_FROM,
      durationMs: 30_000,
      sites: ['ohio', 'texas'],
      level: 'rack',
      rackHalls: [{ site: 'texas', hall: 'h1' }],
      created: REC_FROM,
    },
    { write: async (b) => parts.push(b) },
  );
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  const rec = await openRecording(bytes);
  const samples = new Map<string, SiteSample>();
  for await (const m of rec.readMessages({ topics: ['/site/ohio', '/site/texas'] })) {
    if (m.kind === 'site') samples.set(`${m.t}/${m.sample.site}`, m.sample);
  }
  return { rec, samples };
}

/** Virtual wall clock: each sleep advances it at once and yields to real I/O. */
function fastClock(start: number): NonNullable<ReplayOptions['clock']> & { readonly at: number } {
  let now = start;
  return {
    now: () => now,
    get at() {
      return now;
    },
    sleep: async (ms) => {
      await new Promise((r) => setTimeout(r, 2));
      now += ms;
    },
  };
}

let server: GigawattServer;
let recording: Awaited<ReturnType<typeof memoryRecording>>;
beforeAll(async () => {
  [server, recording] = await Promise.all([createGigawattServer(testConfig()), memoryRecording()]);
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
      const recorded = recording.samples.get(`${REC_FROM + 4000}/${s.site}`)!;
      expect({ ...s, t: recorded.t, seq: recorded.seq }).toEqual(recorded);
    }
    const wire = server.store.latestRacks('texas', 'h1');
    expect(wire && decodeRackWire(wire).t).toBe(lastTick);
    expect(server.store.lastSeq('ohio')).toBe(lastTick / 1000);
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
