import { useSyncExternalStore } from 'react';

/**
 * One shared 1 Hz clock for every "N s ago", countdown and freshness check on the page: one timer,
 * not one per component, started by the first subscriber and stopped with the last (nothing left
 * running when a wall page rotates away).
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

export function subscribeNow(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function nowSnapshot(): number {
  // Between subscribers the clock is not ticking; refresh it coarsely so a first render is not old.
  if (timer === null) {
    const t = Date.now();
    if (t - now >= 1000) now = t;
  }
  return now;
}

/** The client clock, refreshed once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribeNow, nowSnapshot, nowSnapshot);
}

/** Subscribers of the shared clock (tests and the leak audit). */
export function nowSubscribers(): number {
  return listeners.size;
}
