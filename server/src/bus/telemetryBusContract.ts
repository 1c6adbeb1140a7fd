import { defaultFleet, encodeRackBlock, type RackBlock, type SiteSample } from '@gigawatt/shared';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeSample } from '../testing/fixtures.ts';
import { sleep, waitFor } from '../testing/socketHelpers.ts';
import type { BusOrigin, TelemetryBus } from './telemetryBus.ts';

/**
 * The contract every TelemetryBus passes (in-process: a cluster of one; Redis: several nodes). Call
 * inside a describe(); `makeNodes` returns started buses that share one bus.
 */
export function telemetryBusContract(makeNodes: () => Promise<TelemetryBus[]>): void {
  let nodes: TelemetryBus[] = [];
  interface Got {
    site: string;
    t: number;
    live: boolean;
    origin: BusOrigin;
  }
  let got: Got[][] = [];
  let racks: { block: RackBlock; origin: BusOrigin }[][] = [];

  beforeEach(async () => {
    nodes = await makeNodes();
    got = nodes.map(() => []);
    racks = nodes.map(() => []);
    nodes.forEach((bus, i) => {
      bus.onSample((s, live, origin) => got[i]!.push({ site: s.site, t: s.t, live, origin }));
      bus.onRacks((block, _wire, origin) => racks[i]!.push({ block, origin }));
    });
  });
  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.close()));
  });

  const base = (Math.floor(Date.now() / 1000) - 100) * 1000;
  const sample = (site: string, i: number): SiteSample => makeSample(site, base + i * 1000);

  it('a published sample reaches every node once, in order per publisher; the publisher hears it before publish returns', async () => {
    const sites = defaultFleet.sites.map((s) => s.id);
    const sent: { key: string; from: number; live: boolean }[] = [];
    for (let i = 0; i < 30; i++) {
      const from = i % nodes.length;
      const s = sample(sites[i % sites.length]!, i);
      const live = i % 7 !== 3;
      nodes[from]!.publishSample(s, live);
      // Synchronous on the publishing node: its store and viewers never wait for a round trip.
      expect(got[from]!.at(-1)).toMatchObject({ site: s.site, t: s.t, live, origin: 'local' });
      sent.push({ key: `${s.site}@${s.t}`, from, live });
    }
    await waitFor(() => got.every((g) => g.length >= sent.length), 5000);
    await sleep(100);
    const bySent = new Map(sent.map((x) => [x.key, x]));
    for (const [i, g] of got.entries()) {
      const keys = g.map((x) => `${x.site}@${x.t}`);
      expect([...keys].sort()).toEqual(sent.map((x) => x.key).sort());
      for (let from = 0; from < nodes.length; from++) {
        expect(keys.filter((k) => bySent.get(k)!.from === from)).toEqual(
          sent.filter((x) => x.from === from).map((x) => x.key),
        );
      }
      for (const x of g) {
        const want = bySent.get(`${x.site}@${x.t}`)!;
        expect(x.live).toBe(want.live);
        expect(x.origin).toBe(want.from === i ? 'local' : 'remote');
      }
    }
  });

  it('rack blocks reach every node with the same columns', async () => {
    const hall = defaultFleet.sites[1]!.halls[0]!;
    const n = hall.racks;
    const block: RackBlock = {
      site: defaultFleet.sites[1]!.id,
      hall: hall.id,
      t: base,
      powerKw: Float32Array.from({ length: n }, (_, i) => 100 + (i % 30)),
      utilPct: Float32Array.from({ length: n }, (_, i) => i % 100),
      inletTempC: Float32Array.from({ length: n }, (_, i) => 20 + (i % 10) / 2),
    };
    nodes[0]!.publishRacks(block, encodeRackBlock(block));
    await waitFor(() => racks.every((r) => r.length === 1), 5000);
    for (const [i, r] of racks.entries()) {
      expect(r[0]!.origin).toBe(i === 0 ? 'local' : 'remote');
      expect(Array.from(r[0]!.block.powerKw)).toEqual(Array.from(block.powerKw));
      expect(Array.from(r[0]!.block.utilPct)).toEqual(Array.from(block.utilPct));
      expect(Array.from(r[0]!.block.inletTempC)).toEqual(Array.from(block.inletTempC));
    }
  });

  it('a listener that unsubscribed hears nothing more', async () => {
    const extra: number[] = [];
    const off = nodes[nodes.length - 1]!.onSample((s) => extra.push(s.t));
    nodes[0]!.publishSample(sample('ohio', 0), true);
    await waitFor(() => extra.length === 1, 5000);
    off();
    nodes[0]!.publishSample(sample('ohio', 1), true);
    await waitFor(() => got.every((g) => g.length === 2), 5000);
    expect(extra).toEqual([base]);
  });
}
