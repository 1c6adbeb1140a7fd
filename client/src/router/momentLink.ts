import type { PlaybackState } from '../sources/PlaybackController.ts';
import { type ReplayUrlState, withReplayParams } from './replayUrl.ts';

/** The address of this page at exactly this playhead (the address bar may lag by up to a second). */
export function momentLink(rec: string, state: PlaybackState): string {
  const l = window.location;
  const wanted: ReplayUrlState = { rec, t: state.t, speed: state.speed, loop: state.loop ?? undefined };
  return `${l.origin}${l.pathname}${withReplayParams(l.search, wanted)}`;
}
