import { checkRackValues, decodeRackWire, type SiteSample } from '@gigawatt/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../model/createSimulator.ts';
import { scriptedProducer, until } from '../testing/scriptedProducer.ts';
import { startTestIngestServer, type TestIngestServer } from '../testing/startTestIngestServer.ts';
import { ConnectionRefusedError, type PublishClock, publish, systemClock } from './publish.ts';

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

beforeEach(() => {
  server.reset();
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
    // Aborted once a second has gone out (a fixed 100 ms was not always enough on a busy machine).
    await until(() => server.samples.length > 0, 'a first sample at the server');
    controller.abort();
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

/** Wall second of the k-th published second (the clocks start at START, 400 ms into a second). */
const second = (k: number) => Math.floor(START / 1000) * 1000 + k * 1000;
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const secondsOf = (samples: readonly SiteSample[], site: string) =>
  samples.filter((s) => s.site === site).map((s) => (s.t - second(0)) / 1000);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('publish through outages', () => {
  /** Before second `down`: wait until `kept` samples arrived (and their acks), then cut the server off. */
  async function goDown(socket: { connected: boolean }, kept: number) {
    await until(() => server.samples.length >= kept, `${kept} samples at the server`);
    await new Promise((r) => setTimeout(r, 20));
    server.down();
    await until(() => !socket.connected, 'the producer to see the connection drop');
  }
  async function comeBack(socket: { connected: boolean }) {
    server.up();
    await until(() => socket.connected, 'the producer to reconnect');
  }

  const outageSites = ['louisiana', 'missouri'];
  /** 20 s of two sites, the server down from second 6 to 13: what publish resolves with and logs. */
  async function publishThroughOutage(opts: { bufferMs?: number } = {}) {
    const log: string[] = [];
    const script = scriptedProducer(START, async (k, socket) => {
      if (k === 6) await goDown(socket, 5 * outageSites.length);
      if (k === 14) await comeBack(socket);
    });
    const stats = await publish({
      url,
      token: TOKEN,
      sim: createSimulator({ seed: 5 }),
      sites: outageSites,
      racks: false,
      count: 20,
      ...opts,
      ...script,
      log: (l) => log.push(l),
    });
    return { stats, log };
  }

  it('keeps the seconds of an outage and delivers every second once, in order, after reconnecting', async () => {
    const { stats, log } = await publishThroughOutage();
    // Seconds 6 to 13 were produced while the server was down: kept, then sent before second 14.
    for (const site of outageSites) expect(secondsOf(server.samples, site)).toEqual(range(1, 20));
    expect(stats).toMatchObject({
      seconds: 20,
      samples: 40,
      buffered: 16,
      dropped: 0,
      undelivered: 0,
      refused: 0,
    });
    expect(log).toContain(
      'connection lost (transport close); reconnecting, keeping up to 10m of samples meanwhile',
    );
    expect(log).toContain(
      `connected to ${url}/ingest; sending 16 buffered samples (8 s, ${iso(second(6))} to ${iso(second(13))})`,
    );
    expect(log.filter((l) => l.startsWith('caught up: 16 buffered samples sent in'))).toHaveLength(1);
  });

  it('drops the oldest seconds when an outage outlasts the buffer, and reports them once', async () => {
    const { stats, log } = await publishThroughOutage({ bufferMs: 3000 });
    // The buffer held the newest 3 s of the outage (11 to 13); 6 to 10 are gone, and said so.
    for (const site of outageSites)
      expect(secondsOf(server.samples, site)).toEqual([...range(1, 5), ...range(11, 20)]);
    expect(stats).toMatchObject({ buffered: 16, dropped: 10, undelivered: 0 });
    expect(log.filter((l) => /buffer/.test(l) && !l.startsWith('connection lost'))).toEqual([
      'the 3s buffer is full: dropping the oldest seconds until the server is back',
      `lost 5 s of samples (10 samples, ${iso(second(6))} to ${iso(second(10))}): the 3s buffer was full`,
      `connected to ${url}/ingest; sending 6 buffered samples (3 s, ${iso(second(11))} to ${iso(second(13))})`,
      expect.stringMatching(/^caught up: 6 buffered samples sent in \d+\.\d s$/),
    ]);
  });

  it('sends a sample again when its ack times out or its connection drops before the ack', async () => {
    const sites = ['ohio', 'texas'];
    const lost = new Set(['texas@4', 'ohio@8']);
    const ackLost = new Set(['ohio@9']);
    server.fault = (s) => {
      const key = `${s.site}@${(s.t - second(0)) / 1000}`;
      // Only the first send of each is mishandled.
      if (server.received.filter((r) => r.site === s.site && r.t === s.t).length > 1) return undefined;
      return lost.has(key) ? 'lose' : ackLost.has(key) ? 'lose-ack' : undefined;
    };
    const sentTwice = (site: string, k: number) =>
      server.received.filter((r) => r.site === site && r.t === second(k)).length === 2;
    const script = scriptedProducer(START, async (k, socket) => {
      // texas 4 is waiting for its ack when the connection drops; ohio 8 and 9 wait out the timeout.
      if (k === 6) await goDown(socket, 5 * sites.length - 1);
      if (k === 8) await comeBack(socket);
      if (k === 15) await until(() => sentTwice('ohio', 8) && sentTwice('ohio', 9), 'the resends');
    });
    const stats = await publish({
      url,
      token: TOKEN,
      sim: createSimulator({ seed: 5 }),
      sites,
      racks: false,
      count: 16,
      ackTimeoutMs: 1000,
      ...script,
      log: () => {},
    });
    for (const site of sites) {
      expect(secondsOf(server.samples, site).sort((a, b) => a - b)).toEqual(range(1, 16));
    }
    expect(sentTwice('texas', 4)).toBe(true);
    // texas 4 and ohio 8 arrive after newer seconds (late); ohio 9 was already held (duplicate).
    expect(stats.late).toBe(2);
    expect(stats.duplicates).toBeGreaterThanOrEqual(1);
    expect(stats.resent).toBeGreaterThanOrEqual(3);
    expect(stats).toMatchObject({ dropped: 0, undelivered: 0, refused: 0 });
  });

  it('does not keep rack blocks for later: after a reconnect only the current seconds are sent', async () => {
    const script = scriptedProducer(START, async (k, socket) => {
      if (k === 4) {
        await until(() => server.racks.length === 3 * 8, 'the rack blocks of seconds 1 to 3');
        await goDown(socket, 3);
      }
      if (k === 7) await comeBack(socket);
    });
    const stats = await publish({
      url,
      token: TOKEN,
      sim: createSimulator({ seed: 5 }),
      sites: ['louisiana'],
      racks: true,
      count: 10,
      ...script,
      log: () => {},
    });
    expect(secondsOf(server.samples, 'louisiana')).toEqual(range(1, 10));
    const rackSeconds = [...new Set(server.racks.map((r) => (r.t - second(0)) / 1000))];
    expect(rackSeconds).toEqual([1, 2, 3, 7, 8, 9, 10]);
    expect(server.racks).toHaveLength(7 * 8);
    expect(stats).toMatchObject({ rackBlocks: 7 * 8, rackBlocksSkipped: 3 * 8, stale: 0, buffered: 3 });
  });
});
