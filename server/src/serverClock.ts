/**
 * The server's notion of time. Rate 1 is the wall clock; a higher rate runs the built-in simulator and
 * every timer faster (soak tests and demos compress a day of a wall display into minutes).
 */
export interface ServerClock {
  readonly rate: number;
  now(): number;
}

export function createServerClock(rate = 1, wall: () => number = Date.now): ServerClock {
  if (!(rate > 0)) throw new Error(`clock rate must be positive, got ${rate}`);
  const t0 = wall();
  return { rate, now: rate === 1 ? wall : () => t0 + Math.floor((wall() - t0) * rate) };
}
