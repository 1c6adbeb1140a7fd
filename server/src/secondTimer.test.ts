import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CATCH_UP_S, startSecondTimer, type TimerHost } from './secondTimer.ts';

/** A clock and timer host in one: each wait ends `jitter(ms)` away from when it was asked to. */
function fakeTime(start: number, jitter: (i: number, ms: number) => number) {
  let now = start;
  let pending: { fn: () => void; at: number } | undefined;
  let reads = 0;
  let i = 0;
  const host: TimerHost = {
    setTimeout(fn, ms) {
      pending = { fn, at: now + ms + jitter(i++, ms) };
      return pending;
    },
    clearTimeout() {
      pending = undefined;
    },
  };
  return {
    clock: {
      rate: 1,
      now: () => {
        reads++;
        return now;
      },
    },
    host,
    get reads() {
      return reads;
    },
    /** Runs the next wait; `busyMs` is how long its callback keeps the loop busy. */
    step(busyMs = 0) {
      const p = pending!;
      pending = undefined;
      now = Math.max(now, p.at);
      p.fn();
      now += busyMs;
    },
  };
}

describe('startSecondTimer', () => {
  it('handles each second once, in order, when the timer fires early (the case that skipped ticks)', () => {
    const T0 = 1_000_000_000_000 + 200;
    // Every wait ends up to 4 ms early (a quarter of it at most, so a short wait still ends).
    const time = fakeTime(T0, (_i, ms) => -Math.min(4, Math.floor(ms / 4)));
    const seen: number[] = [];
    startSecondTimer(500, (s) => seen.push(s), time.clock, time.host);
    for (let k = 0; k < 100; k++) time.step();
    expect(seen.length).toBeGreaterThan(20);
    expect(seen).toEqual(seen.map((_, j) => seen[0]! + j));
    expect(seen[0]).toBe(Math.floor((T0 - 500) / 1000) + 1);
  });

  it('catches up every second it missed after a stall, and never handles one twice (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -4, max: 3000 }), { minLength: 5, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 5, maxLength: 60 }),
        (jitters, busy) => {
          const time = fakeTime(1_700_000_000_123, (i, ms) =>
            Math.max(-Math.floor(ms / 4), jitters[i % jitters.length]!),
          );
          const seen: number[] = [];
          startSecondTimer(500, (s) => seen.push(s), time.clock, time.host);
          for (let k = 0; k < 60; k++) time.step(busy[k % busy.length]!);
          for (let j = 1; j < seen.length; j++) expect(seen[j]).toBe(seen[j - 1]! + 1);
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });

  it('reads the clock once per fire', () => {
    const time = fakeTime(1_700_000_000_000, () => 1);
    startSecondTimer(5, () => {}, time.clock, time.host);
    const before = time.reads;
    for (let k = 0; k < 10; k++) time.step();
    expect(time.reads - before).toBe(10);
  });

  it('gives up replaying a stall longer than MAX_CATCH_UP_S (a gap, not a backlog)', () => {
    const time = fakeTime(1_700_000_000_000, (i) => (i === 2 ? 120_000 : 0));
    const seen: number[] = [];
    startSecondTimer(0, (s) => seen.push(s), time.clock, time.host);
    for (let k = 0; k < 4; k++) time.step();
    const jump = seen.findIndex((s, j) => j > 0 && s !== seen[j - 1]! + 1);
    expect(jump).toBeGreaterThan(0);
    expect(seen.length).toBeLessThanOrEqual(4 + MAX_CATCH_UP_S + 1);
  });

  it('stops', () => {
    const time = fakeTime(1_700_000_000_000, () => 0);
    const seen: number[] = [];
    const stop = startSecondTimer(0, (s) => seen.push(s), time.clock, time.host);
    time.step();
    stop();
    expect(seen).toHaveLength(1);
  });
});
