import { type Ack, hallRefSchema } from '@gigawatt/shared';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { testConfig } from '../testing/fixtures.ts';
import { connected, connectLive, type LiveClient, TRANSPORTS } from '../testing/socketHelpers.ts';
import { type CrashWatch, expectStillServing, watchForCrashes } from '../testing/survival.ts';

/**
 * Every viewer event with hostile payloads, over each transport: an ack, when one is asked for, is always
 * `{ ok: false, error }` for anything that is not a known hall; the server keeps serving.
 */

const SEED = 20_261_205;
/** A missing ack is a failure, not a hang: generous, since the machine may be busy. */
const ACK_TIMEOUT_MS = 10_000;
/** Names socket.io-client refuses to emit. */
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

/** Payloads no viewer should send: wrong types, huge, deep, binary, prototype keys. */
const hostilePayload = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({ site: fc.anything({ maxDepth: 1 }), hall: fc.anything({ maxDepth: 1 }) }, { requiredKeys: [] }),
  fc.record({
    site: fc.constantFrom('ohio', '__proto__', 'constructor', 'toString', '', 'x'.repeat(41), '../etc'),
    hall: fc.constantFrom('h1', 'h11', 'prototype', '__proto__', 'h999', ' h1', 'H1', 'x'.repeat(10_000)),
  }),
  fc.uint8Array({ maxLength: 4096 }),
  fc.constantFrom<unknown>(
    JSON.parse('{"__proto__":{"polluted":1},"site":"ohio","hall":"h1"}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":1}},"site":"ohio","hall":"h1"}'),
    { site: 'ohio', hall: 'h1', toString: 1, valueOf: null },
    { site: ['ohio'], hall: ['h1'] },
    { site: 1, hall: 2 },
    { site: Number.NaN, hall: Number.POSITIVE_INFINITY },
    'x'.repeat(500_000),
    // ~650 KB: big, but under maxHttpBufferSize (a bigger message ends the connection, tested below).
    Array.from({ length: 20_000 }, (_, i) => ({ site: 'ohio', hall: `h${i}` })),
    JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`),
    JSON.parse(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`),
    Buffer.alloc(100_000, 0xff),
  ),
);

/**
 * For tests about numbers of requests rather than sizes. Over polling the client packs everything queued
 * into one POST, and engine.io-client 6.6 sizes an empty binary attachment as NaN, which turns off its
 * split at maxPayload: a burst with one empty Uint8Array and megabytes behind it is one oversized POST,
 * which the server refuses (413) and the client takes as a transport error.
 */
const smallPayload = hostilePayload.filter((p) => {
  if (p instanceof Uint8Array) return p.byteLength < 10_000;
  try {
    return (JSON.stringify(p) ?? '').length < 10_000;
  } catch {
    return true;
  }
});

describe.each(TRANSPORTS)('/live events with hostile payloads over %s', (transport) => {
  let server: GigawattServer;
  let watch: CrashWatch;
  let viewer: LiveClient;

  beforeAll(async () => {
    watch = watchForCrashes();
    server = await createGigawattServer(testConfig());
    viewer = connectLive(server.url, {}, { transport });
    await connected(viewer);
  });
  afterAll(async () => {
    viewer?.close();
    await server?.close();
    watch?.stop();
  });
  afterEach(async () => {
    expect(viewer.connected).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectStillServing(server.url, watch);
  });

  const ask = (event: string, ...args: unknown[]): Promise<Ack> =>
    (viewer.timeout(ACK_TIMEOUT_MS) as unknown as LooseEmitter).emitWithAck(event, ...args);

  /** What the schema and the fleet say the answer must be (ok only for a known hall). */
  const knownHall = (payload: unknown) => {
    const ref = hallRefSchema.safeParse(payload);
    return ref.success && server.store.idx.hall(ref.data.site, ref.data.hall) !== undefined;
  };

  it('subscribe and unsubscribe answer every hostile payload, ok only for a known hall', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostilePayload,
        fc.constantFrom('subscribe', 'unsubscribe'),
        async (payload, event) => {
          const ack = await ask(event, payload);
          const valid = event === 'subscribe' ? knownHall(payload) : hallRefSchema.safeParse(payload).success;
          if (valid) expect(ack).toEqual({ ok: true });
          else expect(ack).toEqual({ ok: false, error: expect.any(String) });
          // Leave no subscription behind: the per-viewer limit must not decide later answers.
          if (valid && event === 'subscribe') await ask('unsubscribe', payload);
        },
      ),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('no payload, or more than one, is answered with an error, not left hanging', async () => {
    for (const event of ['subscribe', 'unsubscribe']) {
      expect(await ask(event)).toEqual({ ok: false, error: expect.any(String) });
      expect(await ask(event, { site: 'ohio', hall: 'h1' }, 'extra')).toEqual({
        ok: false,
        error: expect.any(String),
      });
      expect(await ask(event, 1, 2, 3, 4)).toEqual({ ok: false, error: expect.any(String) });
    }
  });

  it('events without an ack callback are handled, and the next acked request is answered', async () => {
    const payloads = fc.sample(hostilePayload, { seed: SEED + 1, numRuns: 60 });
    for (const p of payloads) {
      viewer.emit('subscribe', p as never);
      viewer.emit('unsubscribe', p as never);
      (viewer as unknown as LooseEmitter).emit('subscribe');
      // One payload's worth at a time (see smallPayload).
      expect(await ask('unsubscribe', { site: 'ohio', hall: 'h11' })).toEqual({ ok: true });
    }
    expect(await ask('subscribe', { site: 'ohio', hall: 'h11' })).toEqual({ ok: true });
    expect(await ask('unsubscribe', { site: 'ohio', hall: 'h11' })).toEqual({ ok: true });
  });

  it('unknown events are answered with an error when an ack is asked for, and ignored otherwise', async () => {
    const names = fc.oneof(
      fc.constantFrom(
        'nonexistent',
        'sample',
        'racks',
        'hello',
        'tick',
        'alert',
        'error',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
        'valueOf',
        '',
        'x'.repeat(10_000),
      ),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(names, fc.array(smallPayload, { maxLength: 2 }), async (name, args) => {
        fc.pre(!['subscribe', 'unsubscribe', ...RESERVED].includes(name));
        // socket.io-client refuses to send its reserved names; what it does send must be answered.
        (viewer as unknown as LooseEmitter).emit(name, ...args);
        const ack = await ask(name, ...args);
        expect(ack).toEqual({ ok: false, error: expect.any(String) });
      }),
      { seed: SEED + 2, numRuns: 60 },
    );
  });

  it('a flood of requests is answered in full', async () => {
    const payloads = fc.sample(smallPayload, { seed: SEED + 3, numRuns: 200 });
    const acks = await Promise.all(payloads.map((p, i) => ask(i % 2 ? 'subscribe' : 'unsubscribe', p)));
    expect(acks).toHaveLength(200);
    for (const a of acks) expect(typeof a.ok).toBe('boolean');
    for (let i = 0; i < payloads.length; i++) {
      if (i % 2 && knownHall(payloads[i])) await ask('unsubscribe', payloads[i]);
    }
  });

  it('a payload over the size limit disconnects only that viewer', async () => {
    const big = connectLive(server.url, {}, { transport });
    await connected(big);
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    big.emit('subscribe', { site: 'ohio', hall: 'x'.repeat(3 * 1024 * 1024) } as never);
    expect(await closed).toMatch(/transport/);
    big.close();
    expect(await ask('subscribe', { site: 'ohio', hall: 'h1' })).toEqual({ ok: true });
    await ask('unsubscribe', { site: 'ohio', hall: 'h1' });
  });
});

/** The typed client only emits its declared events; hostile tests emit anything. */
interface LooseEmitter {
  emit(event: string, ...args: unknown[]): unknown;
  emitWithAck(event: string, ...args: unknown[]): Promise<Ack>;
}
