import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AlertEvent,
  type AlertListResponse,
  type CoolantSample,
  decodeRackWire,
  encodeRackBlock,
  type RackBlock,
  type RackWire,
  type SiteSample,
} from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';
import {
  connected,
  connectIngest,
  connectLive,
  type IngestClient,
  type LiveClient,
  TRANSPORTS,
  waitFor,
} from '../testing/socketHelpers.ts';

/*
 * The coolant loop end to end: a producer sends a liquid-cooled hall (Ohio Hall 10, GB200 NVL72) with
 * its loop and four-column rack blocks; viewers get the coolant column, /metrics the hall's coolant
 * gauges (and none for the air-cooled Hall 11, H100), and a failing loop raises coolant-flow-low over
 * /live and in GET /api/alerts.
 */

const SITE = 'ohio';
const LIQUID = 'h10';
const AIR = 'h11';

const normalLoop = (_hall: string, design: number): CoolantSample => ({
  supplyC: 30.5,
  returnC: 38.2,
  flowLpm: design,
  cduPowerKw: 9.8,
});
/** Hall 10's pumps lose flow (41 % of design) and its ΔT climbs to 22.4 K; the other halls run normally. */
const failingLoop = (hall: string, design: number): CoolantSample =>
  hall === LIQUID
    ? { supplyC: 33, returnC: 55.4, flowLpm: design * 0.41, cduPowerKw: 4.1 }
    : normalLoop(hall, design);

function rackBlock(hall: string, t: number, withCoolant: boolean, server: GigawattServer): RackBlock {
  const n = server.store.idx.hall(SITE, hall)!.racks;
  return {
    site: SITE,
    hall,
    t,
    powerKw: Float32Array.from({ length: n }, (_, i) => 100 + (i % 30)),
    utilPct: new Float32Array(n).fill(82),
    inletTempC: new Float32Array(n).fill(25),
    ...(withCoolant
      ? { coolantReturnC: Float32Array.from({ length: n }, (_, i) => 37 + (i % 5) * 0.25) }
      : {}),
  };
}

/** `name{labels}` → value lines of the exposition text. */
function gaugeLines(text: string, prefix: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(prefix));
}

describe.each(TRANSPORTS)('coolant loop through the real server over %s', (transport) => {
  let server: GigawattServer;
  let producer: IngestClient;
  let viewer: LiveClient;
  const alerts: AlertEvent[] = [];
  const racks: RackWire[] = [];
  // Seconds well inside the live window, one a second as a producer sends them.
  const base = Math.floor(Date.now() / 1000) - 120;
  let second = base;
  const sendSample = (coolant: (hall: string, design: number) => CoolantSample | undefined) => {
    const s = makeSample(SITE, second++ * 1000, { coolant });
    return producer.emitWithAck('sample', s);
  };

  beforeAll(async () => {
    server = await createGigawattServer(testConfig());
    producer = connectIngest(server.url, TEST_INGEST_TOKEN, { transport });
    viewer = connectLive(server.url, {}, { transport });
    viewer.on('alert', (e) => alerts.push(e));
    viewer.on('racks', (w) => racks.push(w));
    await Promise.all([connected(producer), connected(viewer)]);
    expect(producer.io.engine.transport.name).toBe(transport);
    expect(viewer.io.engine.transport.name).toBe(transport);
  });
  afterAll(async () => {
    producer.close();
    viewer.close();
    await server.close();
  });

  it('a viewer subscribed to a liquid-cooled hall receives the coolant return column', async () => {
    expect(await sendSample(normalLoop)).toEqual({ ok: true, outcome: 'live' });
    expect(await viewer.emitWithAck('subscribe', { site: SITE, hall: LIQUID })).toEqual({ ok: true });
    const block = rackBlock(LIQUID, (second - 1) * 1000, true, server);
    expect(await producer.emitWithAck('racks', encodeRackBlock(block))).toEqual({
      ok: true,
      outcome: 'live',
    });
    const wire = await waitFor(() => racks.find((r) => r.hall === LIQUID));
    expect(wire.data.byteLength).toBe(block.powerKw.length * 16);
    const got = decodeRackWire(wire);
    expect(Array.from(got.coolantReturnC ?? [])).toEqual(Array.from(block.coolantReturnC!));
    expect(Array.from(got.powerKw)).toEqual(Array.from(block.powerKw));
    // A viewer subscribing later gets the hall's latest block from the store, coolant column included.
    const late = connectLive(server.url, {}, { transport });
    const lateRacks: RackWire[] = [];
    late.on('racks', (w) => lateRacks.push(w));
    await connected(late);
    expect(await late.emitWithAck('subscribe', { site: SITE, hall: LIQUID })).toEqual({ ok: true });
    const snapshot = await waitFor(() => lateRacks[0]);
    expect(Array.from(decodeRackWire(snapshot).coolantReturnC ?? [])).toEqual(
      Array.from(block.coolantReturnC!),
    );
    late.close();
  });

  it('takes three columns from a liquid hall; refuses a coolant column or loop from an air-cooled hall', async () => {
    const t = (second - 1) * 1000;
    // Three columns from a liquid hall: a producer (or a replayed recording) from before the column.
    expect(await producer.emitWithAck('racks', encodeRackBlock(rackBlock('h9', t, false, server)))).toEqual({
      ok: true,
      outcome: 'live',
    });
    const air = await producer.emitWithAck('racks', encodeRackBlock(rackBlock(AIR, t, true, server)));
    expect(air).toEqual({
      ok: false,
      error:
        'invalid racks: hall "ohio/h11" is air-cooled (NVIDIA H100 SXM): send 3 columns (powerKw, utilPct, inletTempC), without coolantReturnC',
    });
    expect(server.store.latestRacks(SITE, AIR)).toBeUndefined();
    // The air hall's three columns are fine.
    expect(
      await producer.emitWithAck('racks', encodeRackBlock(rackBlock(AIR, t, false, server))),
    ).toMatchObject({
      ok: true,
    });
    // Another hall's rack count, with or without the coolant column.
    const wrong = rackBlock('h9', t + 1000, true, server);
    const short = { ...encodeRackBlock(rackBlock(AIR, t + 1000, true, server)), hall: LIQUID };
    for (const w of [{ ...encodeRackBlock(wrong), hall: AIR }, short]) {
      const ack = await producer.emitWithAck('racks', w);
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error).toMatch(/^invalid racks: hall "ohio\/h1[01]" has \d+ racks, got \d+$/);
    }
    // Neither a byte count of 3 nor of 4 columns: the schema's message.
    const ragged = { ...encodeRackBlock(wrong), data: new Uint8Array(wrong.powerKw.length * 14) };
    const r = await producer.emitWithAck('racks', ragged);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/racks × 3 float32 values \(racks × 4 with coolant return\)/);
    // A sample whose air-cooled hall reports a loop.
    const s = makeSample(SITE, second * 1000, { coolant: normalLoop });
    s.halls.find((h) => h.hall === AIR)!.coolant = normalLoop(AIR, 1000);
    expect(await producer.emitWithAck('sample', s)).toEqual({
      ok: false,
      error: 'invalid sample: hall "h11" is air-cooled (NVIDIA H100 SXM) but reports a coolant loop',
    });
  });

  it('/metrics has the coolant gauges of the liquid-cooled halls only, and no NaN line', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const supply = gaugeLines(text, 'gigawatt_hall_coolant_supply_temperature_celsius{');
    expect(supply).toContain(
      `gigawatt_hall_coolant_supply_temperature_celsius{site="ohio",hall="${LIQUID}"} 30.5`,
    );
    expect(supply.some((l) => l.includes(`hall="${AIR}"`))).toBe(false);
    // Ohio has 10 GB200 halls (liquid) and 3 H100 halls (air).
    expect(supply).toHaveLength(10);
    const design = 377 * 132 * 0.85 * 1.5;
    const flow = gaugeLines(
      text,
      `gigawatt_hall_coolant_flow_cubic_meters_per_second{site="ohio",hall="${LIQUID}"}`,
    );
    expect(Number(flow[0]!.split(' ')[1])).toBeCloseTo(design / 60_000, 9);
    expect(gaugeLines(text, `gigawatt_hall_cdu_power_watts{site="ohio",hall="${LIQUID}"}`)).toEqual([
      `gigawatt_hall_cdu_power_watts{site="ohio",hall="${LIQUID}"} 9800`,
    ]);
    expect(gaugeLines(text, 'gigawatt_hall_coolant_return_temperature_celsius{')).toHaveLength(10);
    expect(gaugeLines(text, 'gigawatt_hall_').filter((l) => /\sNaN$/.test(l))).toEqual([]);
  });

  it('a failing loop raises coolant-flow-low over /live and in GET /api/alerts', async () => {
    for (let i = 0; i < 12; i++)
      expect(await sendSample(failingLoop)).toMatchObject({ ok: true, outcome: 'live' });
    const raised = await waitFor(() =>
      alerts.find((e) => e.kind === 'raised' && e.alert.rule === 'coolant-flow-low'),
    );
    expect(raised.alert).toMatchObject({
      severity: 'critical',
      scope: { site: SITE, hall: LIQUID },
      title: 'Ohio Hall 10: coolant flow 41 % of design, ΔT 22.4 °C',
      value: 59,
      threshold: 20,
    });
    const res = await fetch(`${server.url}/api/alerts`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as AlertListResponse;
    expect(body.active.find((a) => a.rule === 'coolant-flow-low')).toMatchObject({
      id: raised.alert.id,
      state: 'raised',
      scope: { site: SITE, hall: LIQUID },
    });
    // One alert for the one failing hall: no other hall's loop, and no supply alert (33 °C is normal).
    expect(alerts.filter((e) => e.alert.rule.startsWith('coolant-'))).toHaveLength(1);
    // Back to normal: cleared within the clear hold.
    for (let i = 0; i < 7; i++) await sendSample(normalLoop);
    const cleared = await waitFor(() =>
      alerts.find((e) => e.kind === 'cleared' && e.alert.id === raised.alert.id),
    );
    expect(cleared.alert.title).toBe(raised.alert.title);
  });
});

describe('coolant over HTTP NDJSON (POST /api/ingest)', () => {
  let server: GigawattServer;
  beforeAll(async () => {
    server = await createGigawattServer(testConfig());
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps a liquid hall loop and refuses, line by line, an air-cooled hall that reports one', async () => {
    const t = Math.floor(Date.now() / 1000) * 1000 - 30_000;
    const good = makeSample(SITE, t, { coolant: normalLoop });
    const bad: SiteSample = makeSample(SITE, t + 1000, { coolant: normalLoop });
    bad.halls.find((h) => h.hall === AIR)!.coolant = normalLoop(AIR, 1000);
    const res = await fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      accepted: 1,
      rejected: 1,
      errors: [
        { line: 2, error: expect.stringMatching(/hall "h11" is air-cooled .* reports a coolant loop/) },
      ],
    });
    const held = server.store.latestSample(SITE)!;
    expect(held.halls.find((h) => h.hall === LIQUID)?.coolant).toEqual(
      good.halls.find((h) => h.hall === LIQUID)?.coolant,
    );
    expect(held.halls.find((h) => h.hall === AIR)?.coolant).toBeUndefined();
  });
});

describe('coolant in a rack-level capture and its CSV export', () => {
  let server: GigawattServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-coolant-'));
    server = await createGigawattServer(testConfig({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dataDir }));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records the coolant return column of a liquid hall; an air hall keeps an empty cell', async () => {
    const op = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'content-type': 'application/json' };
    const res = await fetch(`${server.url}/api/recordings`, {
      method: 'POST',
      headers: op,
      body: JSON.stringify({
        name: 'coolant',
        level: 'rack',
        halls: [
          { site: SITE, hall: LIQUID },
          { site: SITE, hall: AIR },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const { id } = ((await res.json()) as { recording: { id: string } }).recording;
    const base = Math.floor(Date.now() / 1000) - 60;
    for (let s = 0; s < 3; s++) {
      const t = (base + s) * 1000;
      expect(server.ingest.sample(makeSample(SITE, t, { coolant: normalLoop }))).toMatchObject({ ok: true });
      expect(server.ingest.racks(encodeRackBlock(rackBlock(LIQUID, t, true, server)))).toMatchObject({
        ok: true,
      });
      expect(server.ingest.racks(encodeRackBlock(rackBlock(AIR, t, false, server)))).toMatchObject({
        ok: true,
      });
    }
    expect(
      (await fetch(`${server.url}/api/recordings/${id}/stop`, { method: 'POST', headers: op })).status,
    ).toBe(200);
    const csv = await (await fetch(`${server.url}/api/recordings/${id}/export.csv?level=rack`)).text();
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe('time,site,hall,rack,powerKw (kW),utilPct (%),inletTempC (°C),coolantReturnC (°C)');
    const first = (hall: string) => rows.find((r) => r.includes(`,${SITE},${hall},1,`));
    expect(first(LIQUID)).toMatch(/,ohio,h10,1,100,82,25,37$/);
    expect(first(AIR)).toMatch(/,ohio,h11,1,100,82,25,$/);
    const halls = await (await fetch(`${server.url}/api/recordings/${id}/export.csv?level=hall`)).text();
    const [header, ...lines] = halls.trimEnd().split('\r\n');
    const supplyAt = header!.split(',').indexOf('coolantSupplyC (°C)');
    expect(supplyAt).toBeGreaterThan(0);
    const cell = (hall: string) => lines.find((l) => l.split(',')[2] === hall)!.split(',')[supplyAt];
    expect(cell(LIQUID)).toBe('30.5');
    expect(cell(AIR)).toBe('');
  });
});
