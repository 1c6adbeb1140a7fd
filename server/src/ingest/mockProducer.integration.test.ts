import { createSimulator } from '@gigawatt/mock-telemetry';
import { publish } from '@gigawatt/mock-telemetry/publish';
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
    const latest = server.store.latestSamples();
    expect(latest.map((s) => s.site).sort()).toEqual(['ohio', 'texas']);
    const ohio = latest.find((s) => s.site === 'ohio')!;
    expect(ohio).toEqual(sim.sampleSite('ohio', ohio.t));
    expect(server.store.latestRacks('ohio', 'h11')?.racks).toBe(833);
  });
});
