import { createServerClock, type ServerClock } from './serverClock.ts';

/**
 * Calls fn once per clock second at `offsetMs` past the second. Re-aligns after every call so drift and
 * slow callbacks never accumulate; a skipped second (event loop stall) is not replayed.
 */
export function startSecondTimer(
  offsetMs: number,
  fn: (second: number) => void,
  clock: ServerClock = createServerClock(1),
) {
  const now = () => clock.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const t = now();
    const delay = 1000 - ((((t - offsetMs) % 1000) + 1000) % 1000);
    timer = setTimeout(
      () => {
        const second = Math.floor((now() - offsetMs) / 1000);
        try {
          fn(second);
        } finally {
          schedule();
        }
      },
      Math.max(1, delay / clock.rate),
    );
  };
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
