import { type Ack, defaultFleet, encodeRackBlock, type SiteSample } from '@gigawatt/shared';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_INGEST_TOKEN, testConfig } from '../testing/fixtures.ts';
import { connected, connectIngest, type IngestClient, TRANSPORTS } from '../testing/socketHelpers.ts';
import { type CrashWatch, expectStillServing, watchForCrashes } from '../testing/survival.ts';

/**
 * Every producer event with hostile payloads, over each transport: garbage, binary junk, huge arrays,
 * prototype-pollution keys, NaN/Infinity, strings for numbers. An ack, when asked for, is
 * `{ ok: false, error }`; nothing reaches the store; the server keeps serving.
 */

const SEED = 20_261_206;
const ACK_TIMEOUT_MS = 10_000;
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

const SITE = 'ohio';
const HALL = defaultFleet.sites.find((s) => s.id === SITE)!.halls[0]!;

/** Values that no number field accepts (NaN and ±Infinity travel as null in JSON). */
const badNumber = fc.constantFrom<unknown>(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '42',
  '',
  null,
  true,
  {},
  [],
  [1],
  { valueOf: 1 },
  -1000,
  1e308,
  Number.MAX_SAFE_INTEGER * 4,
);
const badId = fc.constantFrom<unknown>(
  '',
  '__proto__',
  'constructor',
  'prototype',
  'x'.repeat(10_000),
  42,
  null,
  [],
  {
    toString: 'ohio',
  },
);

/** Paths into a valid sample where a bad value makes the whole sample invalid. */
const NUMBER_PATHS = [
  ['t'],
  ['seq'],
  ['facilityPowerMw'],
  ['itPowerMw'],
  ['gpuUtilPct'],
  ['inletTempC'],
  ['gpus', 'total'],
  ['gpus', 'rented'],
  ['gpus', 'idle'],
  ['halls', 0, 'itPowerMw'],
  ['halls', 0, 'gpuUtilPct'],
  ['halls', 0, 'inletTempC'],
  ['halls', 0, 'gpus', 'failed'],
] as const;
const ID_PATHS = [['site'], ['halls', 0, 'hall']] as const;
const SHAPE_PATHS = [['gpus'], ['halls'], ['halls', 0], ['halls', 0, 'gpus']] as const;

function setPath(target: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
}

/** A fresh valid sample of `SITE` (a JSON copy: mutations never touch the fixture). */
const validSample = (): SiteSample => JSON.parse(JSON.stringify(makeSample(SITE, Date.now() - 10_000)));

const mutatedSample = fc.oneof(
  fc.tuple(fc.constantFrom(...NUMBER_PATHS), badNumber),
  fc.tuple(fc.constantFrom(...ID_PATHS), badId),
  fc.tuple(
    fc.constantFrom(...SHAPE_PATHS),
    fc.oneof(
      badNumber,
      fc.string({ maxLength: 20 }),
      fc.uint8Array({ maxLength: 64 }),
      fc.constant(Array.from({ length: 100_000 }, () => 0)),
    ),
  ),
);

const garbage = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.uint8Array({ maxLength: 8192 }),
  fc.constantFrom<unknown>(
    'x'.repeat(500_000),
    Array.from({ length: 200_000 }, (_, i) => i),
    Array.from({ length: 300 }, () => ({ hall: 'h1' })),
    JSON.parse(`${'['.repeat(3000)}${']'.repeat(3000)}`),
    JSON.parse(`${'{"site":'.repeat(3000)}1${'}'.repeat(3000)}`),
    Buffer.alloc(200_000, 0x7f),
    JSON.parse('{"__proto__":{"polluted":1}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":1}}}'),
  ),
);

/** Rack blocks that are wrong in one way each: sizes, types, ids, binary junk, impossible values. */
const badRacks = fc.oneof(
  garbage,
  fc.record({
    site: fc.oneof(fc.constant(SITE), badId),
    hall: fc.oneof(fc.constant(HALL.id), badId),
    t: fc.oneof(fc.constant(Date.now() - 10_000), badNumber),
    racks: fc.oneof(fc.constant(HALL.racks), badNumber, fc.constantFrom(0, 1, HALL.racks + 1, 1e9, 0.5)),
    data: fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.string({ maxLength: 50 }),
      badNumber,
      fc.constant({ _placeholder: true, num: 0 }),
      // The right size, filled with junk bytes (as float32: NaN, huge or negative values).
      fc.constant(null).map(() => Buffer.alloc(HALL.racks * 12, 0xff)),
    ),
  }),
  // Everything right except one column: NaN, negative or far out of range.
  fc.constantFrom(Number.NaN, -1, 1e9, Number.POSITIVE_INFINITY).map((bad) => {
    const n = HALL.racks;
    const powerKw = new Float32Array(n).fill(100);
    powerKw[n - 1] = bad;
    return encodeRackBlock({
      site: SITE,
      hall: HALL.id,
      t: Date.now() - 10_000,
      powerKw,
      utilPct: new Float32Array(n).fill(50),
      inletTempC: new Float32Array(n).fill(25),
    });
  }),
);

describe.each(TRANSPORTS)('/ingest events with hostile payloads over %s', (transport) => {
  let server: GigawattServer;
  let watch: CrashWatch;
  let producer: IngestClient;

  beforeAll(async () => {
    watch = watchForCrashes();
    server = await createGigawattServer(testConfig());
    producer = connectIngest(server.url, TEST_INGEST_TOKEN, { transport });
    await connected(producer);
  });
  afterAll(async () => {
    producer?.close();
    await server?.close();
    watch?.stop();
  });
  afterEach(async () => {
    expect(producer.connected).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Nothing hostile was stored: no sample and no rack block of the site (the tests send no valid one).
    expect(server.store.latestSamples().filter((s) => s.site === SITE)).toEqual([]);
    expect(server.store.latestRacks(SITE, HALL.id)).toBeUndefined();
    await expectStillServing(server.url, watch);
  });

  const ask = (event: string, ...args: unknown[]): Promise<Ack> =>
    (producer.timeout(ACK_TIMEOUT_MS) as unknown as LooseEmitter).emitWithAck(event, ...args);
  const refused = { ok: false, error: expect.any(String) };

  it('sample: garbage, binary junk, huge and deep payloads are refused', async () => {
    await fc.assert(
      fc.asyncProperty(garbage, async (payload) => {
        expect(await ask('sample', payload)).toEqual(refused);
      }),
      { seed: SEED, numRuns: 80 },
    );
  });

  it('sample: a valid sample with one field made wrong (NaN, Infinity, strings for numbers, bad ids, wrong shapes) is refused', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedSample, async ([path, value]) => {
        const s = validSample();
        setPath(s, path, value);
        expect(await ask('sample', s)).toEqual(refused);
      }),
      { seed: SEED + 1, numRuns: 120 },
    );
  });

  it('sample: prototype-pollution keys pollute nothing and are not stored', async () => {
    const keys = ['__proto__', 'constructor', 'prototype'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys),
        fc.constantFrom('', 'gpus', 'halls.0', 'halls.0.gpus'),
        async (key, at) => {
          // Built from JSON text so the key is an own property, as it is when it arrives off the wire.
          const s = validSample() as unknown as Record<string, unknown>;
          const target = at ? at.split('.').reduce<Record<string, unknown>>((n, k) => n[k] as never, s) : s;
          const text = JSON.stringify(s).replace(
            JSON.stringify(target),
            JSON.stringify(target).replace(/^\{/, `{"${key}":{"polluted":1,"prototype":{"polluted":1}},`),
          );
          // Also invalid elsewhere, so this sample is never stored whichever way the key is treated.
          const payload = { ...JSON.parse(text), gpuUtilPct: 'high' };
          expect(await ask('sample', payload)).toEqual(refused);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { seed: SEED + 2, numRuns: 30 },
    );
  });

  it('racks: junk blocks (wrong sizes and types, binary junk, impossible values) are refused', async () => {
    await fc.assert(
      fc.asyncProperty(badRacks, async (payload) => {
        expect(await ask('racks', payload)).toEqual(refused);
      }),
      { seed: SEED + 3, numRuns: 100 },
    );
  });

  it('no payload, or more than one, is answered with an error', async () => {
    for (const event of ['sample', 'racks']) {
      expect(await ask(event)).toEqual(refused);
      expect(await ask(event, validSample(), 'extra')).toEqual(refused);
      expect(await ask(event, 1, 2, 3)).toEqual(refused);
    }
  });

  it('events without an ack callback are handled, and the next acked request is answered', async () => {
    const payloads = fc.sample(fc.oneof(garbage, badRacks), { seed: SEED + 4, numRuns: 60 });
    for (const p of payloads) {
      (producer as unknown as LooseEmitter).emit('sample', p);
      (producer as unknown as LooseEmitter).emit('racks', p);
      (producer as unknown as LooseEmitter).emit('sample');
      // One payload's worth at a time (see liveEvents.hostile: engine.io-client's polling batch size).
      expect(await ask('sample', null)).toEqual(refused);
    }
  });

  it('unknown events are answered with an error when an ack is asked for', async () => {
    const names = fc.oneof(
      fc.constantFrom(
        'subscribe',
        'hello',
        'tick',
        'error',
        '__proto__',
        'constructor',
        'toString',
        'x'.repeat(5000),
      ),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(
        names,
        fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 2 }),
        async (name, args) => {
          fc.pre(!['sample', 'racks', ...RESERVED].includes(name));
          (producer as unknown as LooseEmitter).emit(name, ...args);
          expect(await ask(name, ...args)).toEqual(refused);
        },
      ),
      { seed: SEED + 5, numRuns: 60 },
    );
  });
});

/** The typed client only emits its declared events; hostile tests emit anything. */
interface LooseEmitter {
  emit(event: string, ...args: unknown[]): unknown;
  emitWithAck(event: string, ...args: unknown[]): Promise<Ack>;
}
