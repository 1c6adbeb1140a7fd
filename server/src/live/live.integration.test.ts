import {
  decodeRackWire,
  encodeRackBlock,
  helloSchema,
  PROTOCOL_VERSION,
  type RackWire,
  type Tick,
  tickSchema,
} from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, testConfig } from '../testing/fixtures.ts';
import {
  connectError,
  connected,
  connectLive as connectWith,
  TRANSPORTS,
  waitFor,
} from '../testing/socketHelpers.ts';

/** Feeds every site a sample for `second` through the real ingest gate; the tick goes out at once. */
function feed(server: GigawattServer, second: number) {
  for (const site of server.store.idx.fleet.sites) {
    const ack = server.ingest.sample(makeSample(site.id, second * 1000, { util: 50 + (second % 40) }));
    expect(ack).toMatchObject({ ok: true });
  }
}

// The same contract over each transport alone, each against its own server (a hall's latest rack block
// or the early-tick state of one run must not make the other pass).
describe.each(TRANSPORTS)('/live namespace over %s', (transport) => {
  let server: GigawattServer;
  beforeAll(async () => {
    server = await createGigawattServer(testConfig());
  });
  afterAll(async () => {
    await server.close();
  });
  const connectLive = (url: string, auth: Record<string, unknown> = {}) =>
    connectWith(url, auth, { transport });

  it('says hello with the protocol version and the fleet, then streams one tick per second', async () => {
    const viewer = connectLive(server.url);
    const hello = new Promise((resolve) => viewer.once('hello', resolve));
    const ticks: Tick[] = [];
    viewer.on('tick', (t) => ticks.push(t));
    await connected(viewer);
    expect(viewer.io.engine.transport.name).toBe(transport);
    const h = helloSchema.parse(await hello);
    expect(h.protocol).toBe(PROTOCOL_VERSION);
    expect(h.fleet.sites.map((s) => s.id)).toEqual(['louisiana', 'ohio', 'texas', 'missouri']);
    // The timer ticks each second at +500 ms with whatever it has, so the early path (a tick as soon as
    // every site reported) is only observable for the current second before then.
    await waitFor(() => (Date.now() % 1000 < 150 ? true : undefined), 3000);
    const base = Math.floor(Date.now() / 1000);
    // Samples of the second before make every site active, so tick `base` waits for all four.
    feed(server, base - 1);
    feed(server, base);
    const tick = await waitFor(() => ticks.find((t) => t.seq === base));
    expect(tickSchema.parse(tick).sites).toHaveLength(4);
    expect(tick.sites.every((s) => s.t === base * 1000)).toBe(true);
    viewer.close();
  });

  it('sends binary rack columns for a subscribed hall and refuses unknown halls', async () => {
    const viewer = connectLive(server.url);
    await connected(viewer);
    const racks: RackWire[] = [];
    viewer.on('racks', (r) => racks.push(r));
    expect(await viewer.emitWithAck('subscribe', { site: 'atlantis', hall: 'h1' })).toMatchObject({
      ok: false,
    });
    expect(await viewer.emitWithAck('subscribe', { site: '<script>', hall: 'h1' } as never)).toMatchObject({
      ok: false,
    });
    expect(await viewer.emitWithAck('subscribe', { site: 'ohio', hall: 'h11' })).toEqual({ ok: true });
    // Nothing was ever sent for this hall on this server, so the first block heard is the one below.
    const n = server.store.idx.hall('ohio', 'h11')!.racks;
    const powerKw = Float32Array.from({ length: n }, (_, i) => 20 + (i % 20));
    const block = {
      site: 'ohio',
      hall: 'h11',
      t: Date.now() - 1000,
      powerKw,
      utilPct: new Float32Array(n).fill(75),
      inletTempC: new Float32Array(n).fill(24.5),
    };
    expect(server.ingest.racks(encodeRackBlock(block))).toMatchObject({ ok: true });
    const wire = await waitFor(() => racks[0]);
    expect(wire.data).toBeInstanceOf(Buffer);
    expect(wire.data.byteLength).toBe(n * 12);
    const decoded = decodeRackWire(wire);
    expect(Array.from(decoded.powerKw)).toEqual(Array.from(powerKw));
    // A hall the viewer did not subscribe to sends nothing.
    const other = server.store.idx.hall('ohio', 'h1')!.racks;
    server.ingest.racks(
      encodeRackBlock({
        site: 'ohio',
        hall: 'h1',
        t: Date.now() - 1000,
        powerKw: new Float32Array(other).fill(100),
        utilPct: new Float32Array(other).fill(90),
        inletTempC: new Float32Array(other).fill(25),
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(racks.every((r) => r.hall === 'h11')).toBe(true);
    viewer.close();
  });

  it('gives a reconnecting viewer the ticks it missed, in order, before new ones', async () => {
    // A viewer that stays connected sees every tick the server emits; under load the timer may skip a
    // second with no data, so "contiguous" means "the same seqs the server sent", not "seq + 1".
    const watcher = connectLive(server.url);
    const emitted: number[] = [];
    watcher.on('tick', (t) => emitted.push(t.seq));
    await connected(watcher);
    const first = connectLive(server.url);
    const seen: number[] = [];
    first.on('tick', (t) => seen.push(t.seq));
    await connected(first);
    const lastSeen = await waitFor(() => (seen.length >= 2 ? seen[seen.length - 1] : undefined));
    first.close();
    // The server keeps ticking once a second while this viewer is away.
    await new Promise((r) => setTimeout(r, 2500));
    const again = connectLive(server.url, { lastSeq: lastSeen });
    const resumed: number[] = [];
    again.on('tick', (t) => resumed.push(t.seq));
    await connected(again);
    await waitFor(() => resumed.length >= 4);
    again.close();
    // Let the watcher hear the ticks `again` heard (the room emits to both in the same broadcast).
    await waitFor(() => (emitted.at(-1)! >= resumed.at(-1)! ? true : undefined));
    watcher.close();
    // Nothing missing, nothing twice: exactly what the server emitted after the last seen tick.
    const expected = emitted.filter((seq) => seq > lastSeen).slice(0, resumed.length);
    expect(resumed).toEqual(expected);
    expect(resumed.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses a malformed handshake', async () => {
    const bad = connectLive(server.url, { lastSeq: 'yesterday' });
    expect((await connectError(bad)).message).toMatch(/invalid handshake/);
    bad.close();
  });
});

describe.each(TRANSPORTS)('viewer token over %s', (transport) => {
  const connectLive = (url: string, auth: Record<string, unknown> = {}) =>
    connectWith(url, auth, { transport });

  it('when configured, /live and the API require it', async () => {
    const locked = await createGigawattServer(testConfig({ GIGAWATT_VIEWER_TOKEN: 'viewer-secret-1' }));
    try {
      const anon = connectLive(locked.url);
      expect((await connectError(anon)).message).toMatch(/viewer token/);
      anon.close();
      const ok = connectLive(locked.url, { token: 'viewer-secret-1' });
      await connected(ok);
      ok.close();
      expect((await fetch(`${locked.url}/api/fleet`)).status).toBe(401);
      expect((await fetch(`${locked.url}/api/fleet?token=nope-nope`)).status).toBe(403);
      const res = await fetch(`${locked.url}/api/fleet`, {
        headers: { authorization: 'Bearer viewer-secret-1' },
      });
      expect(res.status).toBe(200);
      expect((await fetch(`${locked.url}/healthz`)).status).toBe(200);
    } finally {
      await locked.close();
    }
  });
});
