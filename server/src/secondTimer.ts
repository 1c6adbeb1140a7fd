import { createServerClock, type ServerClock } from './serverClock.ts';

/** Where the timer's waits come from (Node's timers; tests pass a host that fires early or late). */
export interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: TimerHost = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Longer stalls than this are gaps, not backlog: replaying further would stall the loop again. */
export const MAX_CATCH_UP_S = 30;

/**
 * Calls fn once for every clock second, `offsetMs` past it, in order. The clock is read once per fire,
 * and the second to handle is tracked, not recomputed from the clock: a timer that fires a few ms early
 * waits out the rest of the same second (it never handles the previous one again), and one that fires
 * late — a busy event loop — handles every second it missed (up to MAX_CATCH_UP_S), so no second is
 * skipped. The next wait is armed before fn runs, so a slow fn does not delay the next second.
 */
export function startSecondTimer(
  offsetMs: number,
  fn: (second: number) => void,
  clock: ServerClock = createServerClock(1),
  host: TimerHost = nodeTimers,
) {
  let handle: unknown;
  let stopped = false;
  const secondAt = (t: number) => Math.floor((t - offsetMs) / 1000);
  let next = secondAt(clock.now()) + 1;
  const arm = (t: number) => {
    const due = next * 1000 + offsetMs;
    handle = host.setTimeout(fire, Math.max(0, (due - t) / clock.rate));
  };
  const fire = () => {
    if (stopped) return;
    const t = clock.now();
    const current = secondAt(t);
    if (current < next) {
      // Early: wait out the rest of this second (at least 1 ms, so an early timer cannot spin).
      handle = host.setTimeout(fire, Math.max(1, (next * 1000 + offsetMs - t) / clock.rate));
      return;
    }
    const from = Math.max(next, current - MAX_CATCH_UP_S);
    next = current + 1;
    arm(t);
    for (let s = from; s <= current; s++) {
      try {
        fn(s);
      } catch (e) {
        // One bad second must not stop the clock for every later one.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  };
  arm(clock.now());
  return () => {
    stopped = true;
    host.clearTimeout(handle);
  };
}
