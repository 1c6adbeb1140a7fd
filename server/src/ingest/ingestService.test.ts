import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet, encodeRackBlock, indexFleet, type RackBlock, type RackWire } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { createInProcessBus } from '../bus/telemetryBus.ts';
import { makeSample } from '../testing/fixtures.ts';
import { IngestService } from './ingestService.ts';

const now = Math.floor(Date.now() / 1000) * 1000;
const idx = indexFleet(defaultFleet);

describe('IngestService keeps its own per-site state', () => {
  it('primed once at start-up, its verdicts and position come from its own timeline only', () => {
    const g = new IngestService(idx, createInProcessBus(), () => now);
    expect(g.position('ohio')).toBeUndefined();
    g.prime('ohio', [now - 30_000, now - 20_000], { t: now - 20_000, seq: 41 });
    expect(g.position('ohio')).toEqual({ t: now - 20_000, seq: 41 });
    expect(g.sample(makeSample('ohio', now - 30_000))).toEqual({ ok: true, outcome: 'duplicate' });
    expect(g.sample(makeSample('ohio', now - 25_000))).toEqual({ ok: true, outcome: 'late' });
    // A newer t is live whatever its seq; a seq not above the primed one is a counter reset.
    expect(g.sample({ ...makeSample('ohio', now - 10_000), seq: 3 })).toEqual({ ok: true, outcome: 'live' });
    expect(g.stats.seqResets).toBe(1);
    expect(g.position('ohio')).toEqual({ t: now - 10_000, seq: 3 });
    // Late and duplicate verdicts do not move it; other sites are untouched.
    g.sample(makeSample('ohio', now - 15_000));
    expect(g.position('ohio')).toEqual({ t: now - 10_000, seq: 3 });
    expect(g.position('texas')).toBeUndefined();
  });
});

describe('IngestService samples', () => {
  it("publishes a well-formed sample as it came (no copy between a second's samples and its tick), strips an odd one", () => {
    const bus = createInProcessBus();
    const got: unknown[] = [];
    bus.onSample((s) => got.push(s));
    const g = new IngestService(idx, bus, () => now);
    const sim = createSimulator({ seed: 3, fleet: defaultFleet });
    const samples = sim.sampleFleet(now);
    for (const s of samples) expect(g.sample(s)).toEqual({ ok: true, outcome: 'live' });
    expect(got).toHaveLength(samples.length);
    for (const [i, s] of got.entries()) expect(s).toBe(samples[i]);
    // An unknown key goes through zod, which strips it: what is published is a clean copy.
    const odd = { ...makeSample('ohio', now + 1000), extra: 1 };
    expect(new IngestService(idx, bus, () => now + 1000).sample(odd)).toEqual({ ok: true, outcome: 'live' });
    const last = got[got.length - 1] as Record<string, unknown>;
    expect(last).not.toHaveProperty('extra');
  });
});

describe('IngestService racks', () => {
  const hall = defaultFleet.sites[1]!.halls[0]!;
  const site = defaultFleet.sites[1]!.id;
  const block = (t: number): RackBlock => ({
    site,
    hall: hall.id,
    t,
    powerKw: Float32Array.from({ length: hall.racks }, (_, i) => 100 + i),
    utilPct: new Float32Array(hall.racks).fill(70),
    inletTempC: new Float32Array(hall.racks).fill(25),
  });

  it('forwards the declared bytes once: the published columns view the published wire, nothing re-encoded', () => {
    const bus = createInProcessBus();
    const got: { block: RackBlock; wire: RackWire }[] = [];
    bus.onRacks((b, w) => got.push({ block: b, wire: w }));
    const g = new IngestService(idx, bus, () => now);
    // Sent from an odd offset inside a larger slab, with bytes beyond the declared columns.
    const sent = encodeRackBlock(block(now - 1000));
    const bytes = sent.data as Uint8Array;
    const slab = new Uint8Array(bytes.length + 9);
    slab.set(bytes, 1);
    const data = slab.subarray(1, 1 + bytes.length);
    expect(g.racks({ ...sent, data })).toEqual({ ok: true, outcome: 'live' });
    const [{ block: b, wire: w }] = got as [{ block: RackBlock; wire: RackWire }];
    expect(w.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(w.data as Uint8Array)).toEqual(Array.from(bytes));
    expect((w.data as Uint8Array).buffer.byteLength).toBe(hall.racks * 12);
    expect(b.powerKw.buffer).toBe((w.data as Uint8Array).buffer);
    expect(Array.from(b.powerKw)).toEqual(Array.from(block(0).powerKw));
    expect(Array.from(b.inletTempC)).toEqual(Array.from(block(0).inletTempC));
  });
});
