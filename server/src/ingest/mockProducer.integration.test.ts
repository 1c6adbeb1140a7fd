import { createSimulator } from '@gigawatt/mock-telemetry';
import { publish } from '@gigawatt/mock-telemetry/publish';
import { scriptedProducer, until } from '@gigawatt/mock-telemetry/testing/scriptedProducer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { TEST_INGEST_TOKEN, testConfig } from '../testing/fixtures.ts';

let server: GigawattServer;
beforeAll(async () => {
  server = await createGigawattServer(testConfig());
});
afterAll(async () => {
  await server.close();
});

describe('the mock-telemetry producer against the real server', () => {
  it('publishes samples and rack blocks through /ingest, all accepted', async () => {
    const sim = createSimulator({ seed: 3 });
    const stats = await publish({
      url: server.url,
      token: TEST_INGEST_TOKEN,
      sim,
      sites: ['ohio', 'texas'],
      racks: true,
      count: 2,
      log: () => {},
    });
    expect(stats.refused).toBe(0);
    expect(stats.samples).toBe(4);
    expect(stats.rackBlocks).toBe(2 * (13 + 12));
    expect(stats).toMatchObject({
      buffered: 0,
      resent: 0,
      dropped: 0,
      undelivered: 0,
      duplicates: 0,
      stale: 0,
    });
    const latest = server.store.latestSamples();
    expect(latest.map((s) => s.site).sort()).toEqual(['ohio', 'texas']);
    const ohio = latest.find((s) => s.site === 'ohio')!;
    expect(ohio).toEqual(sim.sampleSite('ohio', ohio.t));
    expect(server.store.latestRacks('ohio', 'h11')?.racks).toBe(833);
  });

  it('loses no second to a dropped connection: the backlog is resent and history has no hole', async () => {
    const sim = createSimulator({ seed: 4 });
    // Virtual seconds in the recent past, so the server takes them all (live or late).
    const start = Math.floor(Date.now() / 1000) * 1000 - 40_000 + 400;
    const script = scriptedProducer(start, async (k, socket) => {
      if (k === 4) {
        // The network goes away for five seconds: no reconnect until told.
        socket.io.reconnection(false);
        socket.io.engine.close();
        await until(() => !socket.connected, 'the connection to drop');
      }
      if (k === 9) {
        socket.io.reconnection(true);
        socket.connect();
        await until(() => socket.connected, 'the reconnect');
      }
    });
    const stats = await publish({
      url: server.url,
      token: TEST_INGEST_TOKEN,
      sim,
      sites: ['louisiana'],
      racks: false,
      count: 12,
      ...script,
      log: () => {},
    });
    expect(stats).toMatchObject({
      seconds: 12,
      samples: 12,
      buffered: 5,
      refused: 0,
      dropped: 0,
      undelivered: 0,
    });
    const first = start - 400 + 1000;
    const history = server.store.history({
      series: ['site:louisiana:itPowerMw'],
      from: first,
      to: first + 11_000,
      maxPoints: 100,
    });
    expect(history.series[0]?.t).toEqual(Array.from({ length: 12 }, (_, i) => first + i * 1000));
  });
});
