import type { SiteSample, Tick } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startSecondTimer, type TimerHost } from '../secondTimer.ts';
import { makeSample } from '../testing/fixtures.ts';
import { TickDriver } from './tickDriver.ts';

const SITES: readonly string[] = ['louisiana', 'ohio', 'texas', 'missouri'];
const T0 = 1_800_000_000_000;
const S0 = T0 / 1000;

/**
 * One clock and one queue of waits for every timer and every arriving sample, as the event loop runs
 * them: earliest first, and a callback that keeps the loop busy delays everything after it.
 */
function eventLoop(start: number) {
  let now = start;
  let order = 0;
  const queue: { at: number; order: number; fn: () => void }[] = [];
  const at = (t: number, fn: () => void) => {
    const entry = { at: t, order: order++, fn };
    queue.push(entry);
    return entry;
  };
  const host: TimerHost = {
    setTimeout: (fn, ms) => at(now + ms, fn),
    clearTimeout: (h) => {
      const i = queue.indexOf(h as (typeof queue)[number]);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  return {
    clock: { rate: 1, now: () => now },
    host,
    at,
    /** Runs every event due by `end`; `busy(i)` is how long the i-th callback keeps the loop busy. */
    runUntil(end: number, busy: (i: number) => number = () => 0) {
      for (let i = 0; queue.length > 0; i++) {
        queue.sort((a, b) => a.at - b.at || a.order - b.order);
        if (queue[0]!.at > end) break;
        const next = queue.shift()!;
        now = Math.max(now, next.at);
        next.fn();
        now += busy(i);
      }
      now = Math.max(now, end);
    },
  };
}

/** The server's path for one arriving sample, reduced to what ticks depend on: gate, store, driver. */
function server(clock: { now(): number }) {
  const latest = new Map<string, SiteSample>();
  const ticks: Tick[] = [];
  const driver = new TickDriver({
    sites: SITES,
    store: {
      latestSample: (site) => latest.get(site),
      latestSamples: () => SITES.flatMap((site) => latest.get(site) ?? []),
    },
    now: () => clock.now(),
    deliver: (tick) => ticks.push(tick),
  });
  /** As the gate judges: only a sample newer than the site's newest is live (older ones: history only). */
  const arrive = (sample: SiteSample) => {
    const prev = latest.get(sample.site);
    if (prev && sample.t <= prev.t) return;
    latest.set(sample.site, sample);
    driver.onSample(sample);
  };
  return { driver, ticks, arrive };
}

const fleetAt = (second: number) => SITES.map((site) => makeSample(site, second * 1000));
const seqs = (ticks: readonly Tick[]) => ticks.map((t) => t.seq);
const consecutive = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('TickDriver', () => {
  it('ticks a second as soon as every active site reported it; the deadline then adds nothing', () => {
    const loop = eventLoop(T0 + 100);
    const s = server(loop.clock);
    // Every site reported the second before, so each is active and tick S0+1 waits for all four.
    for (const x of fleetAt(S0)) s.arrive(x);
    loop.runUntil(T0 + 1010);
    for (const x of fleetAt(S0 + 1)) s.arrive(x);
    expect(seqs(s.ticks)).toEqual([S0, S0 + 1]);
    expect(s.ticks[1]!.sites.map((x) => x.t)).toEqual(SITES.map(() => (S0 + 1) * 1000));
    s.driver.through(S0 + 1);
    expect(seqs(s.ticks)).toEqual([S0, S0 + 1]);
  });

  it('never skips a second whose successor completed first: each is ticked from its own samples', () => {
    const loop = eventLoop(T0 + 100);
    const s = server(loop.clock);
    for (const x of fleetAt(S0)) s.arrive(x);
    // A busy loop: second S0+1's deadline has not run when every site's S0+2 arrives.
    loop.runUntil(T0 + 2100);
    for (const x of fleetAt(S0 + 1)) if (x.site !== 'texas') s.arrive(x);
    for (const x of fleetAt(S0 + 2)) s.arrive(x);
    expect(seqs(s.ticks)).toEqual([S0, S0 + 1, S0 + 2]);
    const t1 = s.ticks[1]!.sites;
    expect(t1.filter((x) => x.site !== 'texas').every((x) => x.t === (S0 + 1) * 1000)).toBe(true);
    // Texas had nothing for S0+1: that tick shows Texas's newest sample of that second or before.
    expect(t1.find((x) => x.site === 'texas')?.t).toBe(S0 * 1000);
    // The timer catching up afterwards builds nothing twice.
    expect(s.driver.through(S0 + 1)).toBe(0);
    expect(s.driver.through(S0 + 2)).toBe(0);
  });

  it('simulation catch-up: a stalled simulator publishing ten seconds at once ticks each once, in order', () => {
    const loop = eventLoop(T0 + 100);
    const s = server(loop.clock);
    for (const x of fleetAt(S0)) s.arrive(x);
    loop.runUntil(T0 + 10_600);
    for (let sec = S0 + 1; sec <= S0 + 10; sec++) for (const x of fleetAt(sec)) s.arrive(x);
    for (let sec = S0 + 1; sec <= S0 + 10; sec++) s.driver.through(sec);
    expect(seqs(s.ticks)).toEqual(consecutive(S0, S0 + 10));
    for (const tick of s.ticks.slice(1)) expect(tick.sites.every((x) => x.t === tick.t)).toBe(true);
  });

  it('a node that never ticked starts at the asked second; a tick another node built is not built again', () => {
    const s = server({ now: () => T0 + 5500 });
    s.driver.ticked(S0 + 3);
    expect(s.driver.through(S0 + 3)).toBe(0);
    expect(s.driver.through(S0 + 5)).toBe(2);
    const fresh = server({ now: () => T0 + 5500 });
    expect(fresh.driver.through(S0 + 5)).toBe(1);
    expect(seqs(fresh.ticks)).toEqual([S0 + 5]);
    // Not building (a cluster node that is not the lease holder): nothing, from any path.
    fresh.driver.building = false;
    for (const x of fleetAt(S0 + 5)) fresh.arrive(x);
    expect(fresh.driver.through(S0 + 6)).toBe(0);
  });

  it('no second ticked twice or skipped, whatever fills it and however the timers fire (property)', () => {
    fc.assert(
      fc.property(
        // Per site: simulated (published by the 5 ms timer) or external, with per-second arrival delays
        // (early: before the deadline; late: after it; or never).
        fc.array(fc.boolean(), { minLength: SITES.length, maxLength: SITES.length }),
        fc.array(
          fc.oneof(fc.integer({ min: 0, max: 450 }), fc.integer({ min: 450, max: 2500 }), fc.constant(-1)),
          {
            minLength: 16,
            maxLength: 64,
          },
        ),
        fc.array(fc.integer({ min: -4, max: 40 }), { minLength: 8, maxLength: 32 }),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2500 })), {
          minLength: 8,
          maxLength: 32,
        }),
        (simulated, delays, jitters, busy) => {
          const loop = eventLoop(T0 + 137);
          const s = server(loop.clock);
          let j = 0;
          const host: TimerHost = {
            setTimeout: (fn, ms) =>
              loop.host.setTimeout(fn, Math.max(0, ms + jitters[j++ % jitters.length]!)),
            clearTimeout: loop.host.clearTimeout,
          };
          const seconds = 40;
          // The built-in simulator: publishes every second it has not yet (a late fire catches up).
          let simulatedTo = S0;
          const simulateUpTo = (second: number) => {
            for (let sec = simulatedTo + 1; sec <= second; sec++)
              for (const x of fleetAt(sec)) if (simulated[SITES.indexOf(x.site)]) s.arrive(x);
            simulatedTo = Math.max(simulatedTo, second);
          };
          const stopSim = startSecondTimer(5, simulateUpTo, loop.clock, host);
          const stopTicks = startSecondTimer(
            500,
            (second) => {
              simulateUpTo(second);
              s.driver.through(second);
            },
            loop.clock,
            host,
          );
          // External producers: each site's sample of each second arrives after its own delay.
          SITES.forEach((site, i) => {
            if (simulated[i]) return;
            for (let sec = S0 + 1; sec <= S0 + seconds; sec++) {
              const delay = delays[(sec * 7 + i * 13) % delays.length]!;
              if (delay >= 0) loop.at(sec * 1000 + delay, () => s.arrive(makeSample(site, sec * 1000)));
            }
          });
          loop.runUntil(T0 + seconds * 1000, (k) => busy[k % busy.length]!);
          stopSim();
          stopTicks();
          const got = seqs(s.ticks);
          expect(got.length).toBeGreaterThan(seconds / 2);
          expect(got).toEqual(consecutive(got[0]!, got.at(-1)!));
          for (const tick of s.ticks) expect(tick.sites.every((x) => x.t < tick.t + 1000)).toBe(true);
        },
      ),
      { seed: 23, numRuns: 150 },
    );
  });
});
