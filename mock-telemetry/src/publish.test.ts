import { checkRackValues, decodeRackWire } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from './createSimulator.ts';
import { ConnectionRefusedError, type PublishClock, publish, systemClock } from './publish.ts';
import { startTestIngestServer, type TestIngestServer } from './startTestIngestServer.ts';

const TOKEN = 'test-ingest-token';
const START = Date.UTC(2026, 5, 1, 12, 0, 0, 400);

/** Virtual wall clock: each sleep advances it at once and yields to real I/O for a moment. */
function fastClock(): PublishClock {
  let now = START;
  return {
    now: () => now,
    sleep: async (ms) => {
      await new Promise((r) => setTimeout(r, 5));
      now += ms;
    },
  };
}

let server: TestIngestServer;
let url = '';

beforeAll(async () => {
  server = await startTestIngestServer(TOKEN);
  url = server.url;
});

afterAll(async () => {
  await server.close();
});

describe('publish', () => {
  it('sends one sample per site per second, aligned to whole seconds, and racks as binary', async () => {
    const { samples, racks } = server;
    const sim = createSimulator({ seed: 5 });
    const stats = await publish({
      url,
      token: TOKEN,
      sim,
      sites: ['louisiana', 'missouri'],
      racks: true,
      count: 3,
      clock: fastClock(),
      log: () => {},
    });
    expect(stats).toMatchObject({
      seconds: 3,
      samples: 6,
      rackBlocks: 3 * (8 + 10),
      refused: 0,
      unanswered: 0,
    });
    expect(samples.map((s) => s.site)).toEqual([
      'louisiana',
      'missouri',
      'louisiana',
      'missouri',
      'louisiana',
      'missouri',
    ]);
    const seconds = [...new Set(samples.map((s) => s.t))];
    expect(seconds).toHaveLength(3);
    for (const t of seconds) expect(t % 1000).toBe(0);
    expect(seconds[0]).toBeGreaterThan(START);
    expect(samples[0]).toEqual(sim.sampleSite('louisiana', seconds[0]!));
    expect(racks).toHaveLength(3 * 18);
    const block = decodeRackWire(racks[0]!);
    expect(checkRackValues(block)).toBeNull();
    expect(block).toEqual(sim.racks(racks[0]!.site, racks[0]!.hall, racks[0]!.t));
  });

  it('logs refusals from the server and counts them', async () => {
    server.refuseSites.add('texas');
    const lines: string[] = [];
    const stats = await publish({
      url,
      token: TOKEN,
      sim: createSimulator({ seed: 5 }),
      sites: ['texas', 'ohio'],
      racks: false,
      count: 2,
      clock: fastClock(),
      log: (l) => lines.push(l),
    });
    server.refuseSites.clear();
    expect(stats.refused).toBe(2);
    expect(stats.samples).toBe(4);
    expect(lines.some((l) => /sample texas seq \d+ refused: site texas is paused/.test(l))).toBe(true);
  });

  it('fails with the server error when the token is refused', async () => {
    const attempt = publish({
      url,
      token: 'wrong',
      sim: createSimulator({ seed: 5 }),
      sites: ['ohio'],
      racks: false,
      clock: fastClock(),
      log: () => {},
    });
    await expect(attempt).rejects.toBeInstanceOf(ConnectionRefusedError);
    await expect(attempt).rejects.toThrow(/invalid ingest token/);
  });

  it('stops cleanly when aborted', async () => {
    const controller = new AbortController();
    const run = publish({
      url,
      token: TOKEN,
      sim: createSimulator({ seed: 5 }),
      sites: ['ohio'],
      racks: false,
      signal: controller.signal,
      clock: fastClock(),
      log: () => {},
    });
    setTimeout(() => controller.abort(), 100);
    const stats = await run;
    expect(stats.seconds).toBeGreaterThan(0);
    expect(stats.refused).toBe(0);
  });

  it('sleeps on the system clock until aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await systemClock.sleep(10_000, controller.signal);
    expect(Date.now() - started).toBeLessThan(2000);
    await systemClock.sleep(10_000, controller.signal);
  });

  it('refuses an unknown site before connecting', async () => {
    await expect(
      publish({ url, token: TOKEN, sim: createSimulator({ seed: 5 }), sites: ['atlantis'], racks: false }),
    ).rejects.toThrow(/unknown site "atlantis"/);
  });
});
