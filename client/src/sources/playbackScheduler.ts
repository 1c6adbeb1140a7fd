/** Calls `fn` once after `ms`; returns the function that cancels it. Injected so tests drive time. */
export type PlaybackScheduler = (fn: () => void, ms: number) => () => void;

/**
 * Plain setTimeout, not requestAnimationFrame: rAF stops in a background tab, and a wall display or a
 * replay left playing behind another tab must keep its playhead (the browser's throttling only makes
 * the batches bigger, since the playhead follows the wall clock).
 */
export const defaultPlaybackScheduler: PlaybackScheduler = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};
