import type { Ack, SiteSample } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../model/createSimulator.ts';
import type { IngestSocket, PublishClock } from './ingestSession.ts';
import { publish } from './publish.ts';

/*
 * The producer's delivery guarantees against a scripted connection: outages of any length and lost
 * events or acks, decided per second and per send. No network: a fake socket answers through
 * setImmediate, and the wall clock is virtual.
 */

const START = Date.UTC(2026, 5, 1, 12, 0, 0, 400);
const FIRST = Math.floor(START / 1000) * 1000 + 1000;
const secondOf = (t: number) => (t - FIRST) / 1000 + 1;

type Fault = 'lose' | 'lose-ack';
type Listener = (...args: unknown[]) => void;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The members of a socket.io client socket that the ingest session uses, with a server behind it that
 * keeps one sample per site and second. `lose` swallows an event (its ack times out); `lose-ack` keeps
 * it and loses the answer. A drop rejects every unanswered event, as socket.io does on disconnect.
 */
class FakeIngestSocket {
  connected = false;
  active = true;
  /** Kept samples per site, in arrival order (seconds since the first). */
  readonly kept = new Map<string, number[]>();
  readonly held = new Set<string>();
  readonly attempts = new Map<string, number>();
  emitsWhileDown = 0;
  outstanding = 0;
  maxOutstanding = 0;
  maxPerTurn = 0;
  #thisTurn = 0;
  #listeners = new Map<string, Listener[]>();
  #pending = new Set<(err: Error) => void>();

  constructor(
    readonly fault: (site: string, second: number, attempt: number) => Fault | undefined,
    /** Event-loop turns an event takes to arrive (and each answer to come back). */
    readonly latency = 1,
  ) {}

  on(event: string, fn: Listener) {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Listener) {
    const wrapped: Listener = (...args) => {
      this.#listeners.set(
        event,
        (this.#listeners.get(event) ?? []).filter((f) => f !== wrapped),
      );
      fn(...args);
    };
    return this.on(event, wrapped);
  }
  #emit(event: string, ...args: unknown[]) {
    for (const fn of this.#listeners.get(event) ?? []) fn(...args);
  }

  timeout(_ms: number) {
    return { emitWithAck: (event: string, payload: unknown) => this.#send(event, payload) };
  }

  #send(event: string, payload: unknown): Promise<Ack> {
    if (!this.connected) this.emitsWhileDown++;
    if (this.#thisTurn++ === 0) setImmediate(() => (this.#thisTurn = 0));
    this.maxPerTurn = Math.max(this.maxPerTurn, this.#thisTurn);
    this.outstanding++;
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
    return new Promise<Ack>((resolve, reject) => {
      const settle = (fn: () => void) => {
        if (!this.#pending.delete(fail)) return;
        this.outstanding--;
        fn();
      };
      const fail = (err: Error) => settle(() => reject(err));
      this.#pending.add(fail);
      void this.#turns().then(() => {
        if (!this.#pending.has(fail)) return; // the connection dropped first: never arrived
        if (event !== 'sample') return settle(() => resolve({ ok: true, outcome: 'live' }));
        const s = payload as SiteSample;
        const key = `${s.site}@${s.t}`;
        const attempt = this.attempts.get(key) ?? 0;
        this.attempts.set(key, attempt + 1);
        const fault = this.fault(s.site, secondOf(s.t), attempt);
        const timedOut = () => fail(new Error('operation has timed out'));
        if (fault === 'lose') return void this.#turns().then(timedOut);
        let ack: Ack = { ok: true, outcome: 'duplicate' };
        if (!this.held.has(key)) {
          this.held.add(key);
          const list = this.kept.get(s.site) ?? [];
          ack = { ok: true, outcome: list.length > 0 && list.at(-1)! > secondOf(s.t) ? 'late' : 'live' };
          list.push(secondOf(s.t));
          this.kept.set(s.site, list);
        }
        void this.#turns().then(fault === 'lose-ack' ? timedOut : () => settle(() => resolve(ack)));
      });
    });
  }

  async #turns() {
    for (let i = 0; i < this.latency; i++) await turn();
  }

  /** The network drops (the session hears "transport close" and socket.io reconnects later). */
  drop() {
    if (!this.connected) return;
    this.connected = false;
    this.#emit('disconnect', 'transport close');
    for (const fail of [...this.#pending]) fail(new Error('socket has been disconnected'));
  }
  restore() {
    if (this.connected) return;
    this.connected = true;
    this.#emit('connect');
  }
  disconnect() {
    this.active = false;
    this.drop();
  }
}

/**
 * Virtual clock whose k-th sleep (the one before second k) runs hook(k) between a few event-loop turns:
 * a connection changes in the middle of a second, as it would.
 */
function hookClock(hook: (k: number) => void | Promise<void>, turns = 4): PublishClock {
  let now = START;
  let k = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      for (let i = 0; i < turns; i++) await turn();
      await hook(++k);
      for (let i = 0; i < turns; i++) await turn();
      now += ms;
    },
  };
}

interface Run {
  /** Connection state per second, from second 1 (true: up). */
  up: boolean[];
  sites: string[];
  bufferS: number;
  fault?: (site: string, second: number, attempt: number) => Fault | undefined;
  turns?: number;
  latency?: number;
}

async function runScripted({ up, sites, bufferS, fault = () => undefined, turns, latency }: Run) {
  const socket = new FakeIngestSocket(fault, latency);
  const log: string[] = [];
  const stats = await publish({
    url: 'http://fake',
    token: 't',
    sim: createSimulator({ seed: 11 }),
    sites,
    racks: false,
    count: up.length,
    bufferMs: bufferS * 1000,
    clock: hookClock((k) => (up[k - 1] ? socket.restore() : socket.drop()), turns),
    log: (line) => log.push(line),
    connect: () => {
      setImmediate(() => socket.restore());
      // Only the members the session uses are implemented; that is the seam's point.
      return socket as unknown as IngestSocket;
    },
  });
  return { socket, stats, log };
}

describe('ingest session delivery', () => {
  it('delivers every second once, or reports it dropped, whatever the outages and lost acks', async () => {
    const sites = ['ohio', 'texas'];
    const plan = fc.record({
      bufferS: fc.integer({ min: 1, max: 20 }),
      // Stretches up and down; up at the start and for the last 5 s, so the backlog can drain.
      up: fc
        .array(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 30 })), { maxLength: 4 })
        .map((runs) => [
          true,
          ...runs.flatMap(([u, d]) => [...Array(u).fill(true), ...Array(d).fill(false)]),
          ...Array(5).fill(true),
        ]),
      // Percent of sends (first ones, and resends) whose event or ack is lost.
      lossPct: fc.integer({ min: 0, max: 20 }),
      lossSeed: fc.integer({ min: 1, max: 1_000_000 }),
      latency: fc.integer({ min: 1, max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(plan, async ({ bufferS, up, lossPct, lossSeed, latency }) => {
        const n = up.length;
        const faultAt = (site: string, second: number, attempt: number): Fault | undefined => {
          // Up to three sends of a sample may be lost; none in the last 5 s (nothing is retried at exit).
          if (second > n - 5 || attempt > 2) return undefined;
          let h = lossSeed ^ Math.imul(second, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca6b) ^ site.length;
          h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
          h = (h ^ (h >>> 15)) >>> 0;
          if (h % 100 >= lossPct) return undefined;
          return h % 2 === 0 ? 'lose' : 'lose-ack';
        };
        const { socket, stats } = await runScripted({ up, sites, bufferS, fault: faultAt, latency });
        expect(socket.emitsWhileDown).toBe(0);
        expect(stats).toMatchObject({ seconds: n, samples: n * sites.length, undelivered: 0, refused: 0 });
        expect(stats.buffered).toBe(up.filter((u) => !u).length * sites.length);
        let kept = 0;
        for (const site of sites) {
          const seconds = socket.kept.get(site) ?? [];
          // Each second kept once (repeats were answered as duplicates) ...
          expect(new Set(seconds).size).toBe(seconds.length);
          kept += seconds.length;
          // ... and in order when nothing was lost but connections: resends come before newer seconds.
          if (lossPct === 0) expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
        }
        // Whatever was not kept was dropped from the full buffer, and said so. (A sample whose ack was
        // lost and that then fell out of the buffer counts as dropped though the server has it.)
        expect(n * sites.length - kept).toBeLessThanOrEqual(stats.dropped);
        // Every resend follows an event that went unanswered (which may instead have been dropped).
        expect(stats.resent).toBeLessThanOrEqual(stats.unanswered);
        if (bufferS >= n) expect(stats.dropped).toBe(0);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('sends a 10-minute backlog of four sites at a bounded pace, before the seconds that follow', async () => {
    const sites = ['louisiana', 'ohio', 'texas', 'missouri'];
    const up = [true, ...Array(600).fill(false), ...Array(20).fill(true)];
    const { socket, stats, log } = await runScripted({ up, sites, bufferS: 600, turns: 8, latency: 3 });
    expect(stats).toMatchObject({ seconds: 621, samples: 2484, buffered: 2400, dropped: 0, undelivered: 0 });
    for (const site of sites) {
      expect(socket.kept.get(site)).toEqual(Array.from({ length: 621 }, (_, i) => i + 1));
    }
    expect(socket.maxOutstanding).toBeLessThanOrEqual(256);
    expect(socket.maxPerTurn).toBeLessThanOrEqual(128);
    expect(log.filter((l) => l.includes('buffered samples'))).toEqual([
      expect.stringMatching(
        /^connected to http:\/\/fake\/ingest; sending 2400 buffered samples \(600 s, 2026-06-01T12:00:02Z to 2026-06-01T12:10:01Z\)$/,
      ),
      expect.stringMatching(/^caught up: 2400 buffered samples sent in \d+\.\d s$/),
    ]);
  });
});
