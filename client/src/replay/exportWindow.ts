import type { PlaybackState } from '../sources/PlaybackController.ts';
import { LIVE_WINDOW_MS } from '../store/createDashboardStore.ts';

/** The window an export takes: the A–B loop if set, else what the charts show (15 min to the playhead). */
export function exportWindow(state: PlaybackState): { from: number; to: number } {
  if (state.loop) return state.loop;
  const { start, end } = state.recording;
  const to = state.t;
  const from = Math.max(start, to - LIVE_WINDOW_MS);
  // At the very start there is nothing behind the playhead: take the window ahead instead.
  return to - from >= 1000 ? { from, to } : { from: to, to: Math.min(end, to + LIVE_WINDOW_MS) };
}
