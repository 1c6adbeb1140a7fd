import { defaultFleet, encodeRackBlock, type RackBlock } from '@gigawatt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_INGEST_TOKEN, testConfig } from '../testing/fixtures.ts';
import {
  connectError,
  connected,
  connectIngest as connectWith,
  type IngestClient,
  TRANSPORTS,
} from '../testing/socketHelpers.ts';

const now = () => Math.floor(Date.now() / 1000) * 1000 - 10_000;

// The producer contract over each transport alone, each against its own server, so one run's samples
// are never the other's duplicates.
describe.each(TRANSPORTS)('/ingest namespace over %s', (transport) => {
  let server: GigawattServer;
  let producer: IngestClient;
  const connectIngest = (url: string, token: string | undefined) => connectWith(url, token, { transport });
  const send = (payload: unknown) => producer.emitWithAck('sample', payload as never);

  beforeAll(async () => {
    server = await createGigawattServer(testConfig());
    producer = connectIngest(server.url, TEST_INGEST_TOKEN);
    await connected(producer);
  });
  afterAll(async () => {
    producer.close();
    await server.close();
  });

  it('connects over the transport under test only', () => {
    expect(producer.io.engine.transport.name).toBe(transport);
  });

  it('refuses a wrong or missing token with a clear error', async () => {
    const wrong = connectIngest(server.url, 'not-the-token');
    expect((await connectError(wrong)).message).toMatch(/invalid ingest token/);
    wrong.close();
    const missing = connectIngest(server.url, undefined);
    expect((await connectError(missing)).message).toMatch(/ingest token is required/);
    missing.close();
  });

  it('accepts a valid sample and ignores a duplicate (same site and second), saying so in the ack', async () => {
    const s = makeSample('ohio', now());
    expect(await send(s)).toEqual({ ok: true, outcome: 'live' });
    const before = server.ingest.stats.duplicates;
    expect(await send(s)).toEqual({ ok: true, outcome: 'duplicate' });
    // Same second, another seq: still the sample already held, never counted twice.
    expect(await send({ ...s, seq: s.seq + 7, gpuUtilPct: 3 })).toEqual({ ok: true, outcome: 'duplicate' });
    expect(server.ingest.stats.duplicates).toBe(before + 2);
    expect(server.store.latestSamples().find((x) => x.site === 'ohio')).toEqual(s);
  });

  it('answers hostile payloads with an error ack and keeps the store intact', async () => {
    const good = makeSample('texas', now());
    expect(await send(good)).toMatchObject({ ok: true });
    const later = now() + 1000;
    const hostile: [string, unknown, RegExp][] = [
      ['not an object', 'hello', /invalid sample/],
      ['null', null, /invalid sample/],
      ['NaN power (arrives as null)', { ...makeSample('texas', later), itPowerMw: Number.NaN }, /itPowerMw/],
      ['negative power', { ...makeSample('texas', later), facilityPowerMw: -5 }, /facilityPowerMw/],
      ['unknown site', { ...makeSample('texas', later), site: 'atlantis' }, /unknown site/],
      ['bad site id', { ...makeSample('texas', later), site: '../etc' }, /site/],
      ['util > 100', { ...makeSample('texas', later), gpuUtilPct: 140 }, /gpuUtilPct/],
      [
        'parts do not sum',
        { ...makeSample('texas', later), gpus: { total: 10, rented: 5, internal: 5, idle: 5, failed: 0 } },
        /must equal gpus.total/,
      ],
      [
        'unknown hall',
        (() => {
          const s = makeSample('texas', later);
          s.halls[0] = { ...s.halls[0]!, hall: 'h99' };
          return s;
        })(),
        /unknown hall/,
      ],
      ['far future', makeSample('texas', Date.now() + 3_600_000), /ahead of the server clock/],
      ['290 s ahead', makeSample('texas', Date.now() + 290_000), /ahead of the server clock/],
      ['dated 2001', makeSample('texas', Date.UTC(2001, 0, 1)), /old; late data/],
      [
        'no halls over the site capacity',
        {
          ...makeSample('texas', later),
          halls: [],
          gpus: { total: 100_000_000, rented: 0, internal: 0, idle: 100_000_000, failed: 0 },
        },
        /has \d+/,
      ],
      ['t as a string', { ...makeSample('texas', later), t: '2026-01-01' }, /t/],
      ['missing fields', { site: 'texas', t: later }, /invalid sample/],
      ['prototype pollution', JSON.parse(`{"__proto__":{"polluted":1},"site":"texas"}`), /invalid sample/],
    ];
    for (const [name, payload, re] of hostile) {
      const ack = await send(payload);
      expect(ack.ok, name).toBe(false);
      if (!ack.ok) expect(ack.error, name).toMatch(re);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(server.store.latestSamples().find((x) => x.site === 'texas')).toEqual(good);
  });

  it('accepts rack blocks and rejects wrong sizes and impossible values', async () => {
    const hall = defaultFleet.sites[0]!.halls[0]!;
    const n = hall.racks;
    const block: RackBlock = {
      site: 'louisiana',
      hall: hall.id,
      t: now(),
      powerKw: new Float32Array(n).fill(100),
      utilPct: new Float32Array(n).fill(90),
      inletTempC: new Float32Array(n).fill(25),
    };
    expect(await producer.emitWithAck('racks', encodeRackBlock(block))).toMatchObject({ ok: true });
    const short = encodeRackBlock({
      ...block,
      powerKw: block.powerKw.slice(1),
      utilPct: block.utilPct.slice(1),
      inletTempC: block.inletTempC.slice(1),
    });
    const r1 = await producer.emitWithAck('racks', short);
    expect(r1).toMatchObject({ ok: false });
    const bad = { ...block, t: now() + 1000, utilPct: new Float32Array(n).fill(Number.NaN) };
    const r2 = await producer.emitWithAck('racks', encodeRackBlock(bad));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toMatch(/utilPct/);
    const r3 = await producer.emitWithAck('racks', { ...encodeRackBlock(block), data: 'AAAA' } as never);
    expect(r3.ok).toBe(false);
    const kept = server.store.latestRacks('louisiana', hall.id)!;
    expect(kept.t).toBe(block.t);
  });

  it('disconnects a producer that sends an oversized message, and the server keeps serving', async () => {
    const big = connectIngest(server.url, TEST_INGEST_TOKEN);
    await connected(big);
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    big.emit('sample', { site: 'ohio', junk: 'x'.repeat(3 * 1024 * 1024) } as never, () => {});
    expect(await closed).toMatch(/transport/);
    big.close();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('POST /api/ingest (NDJSON)', () => {
  let server: GigawattServer;
  beforeAll(async () => {
    server = await createGigawattServer(testConfig());
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (body: string, token?: string) =>
    fetch(`${server.url}/api/ingest`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ndjson',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });

  it('needs the ingest token', async () => {
    const r1 = await post('{}');
    expect(r1.status).toBe(401);
    expect(((await r1.json()) as { error: string }).error).toMatch(/Bearer/);
    const r2 = await post('{}', 'wrong-token-000');
    expect(r2.status).toBe(403);
  });

  it('stores good lines and reports bad ones by line number', async () => {
    const t = now() + 5000;
    const body = [
      JSON.stringify(makeSample('missouri', t)),
      'not json',
      JSON.stringify({ site: 'missouri' }),
      '',
    ].join('\n');
    const res = await post(body, TEST_INGEST_TOKEN);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { accepted: number; rejected: number; errors: { line: number }[] };
    expect(json.accepted).toBe(1);
    expect(json.rejected).toBe(2);
    expect(json.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(server.store.latestSamples().find((x) => x.site === 'missouri')!.t).toBe(t);
  });

  it('answers 400 when every line is bad and 413 when the body is too large', async () => {
    const r1 = await post('garbage\n{"a":1}', TEST_INGEST_TOKEN);
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { error: string }).error).toMatch(/rejected/);
    const r2 = await post('x'.repeat(5 * 1024 * 1024), TEST_INGEST_TOKEN);
    expect(r2.status).toBe(413);
    expect(((await r2.json()) as { error: string }).error).toMatch(/too large/);
  });
});
