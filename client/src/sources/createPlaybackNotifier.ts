import type { PlaybackState } from './PlaybackController.ts';

/** onPlayback listeners hear about a moving playhead at most this often. */
const NOTIFY_MS = 250;

export interface PlaybackNotifier {
  /** The state now: the same object until something changed (a React external store compares by identity). */
  current(): PlaybackState;
  subscribe(listener: (state: PlaybackState) => void): () => void;
  /** Tells the listeners if the state changed since they last heard; unless forced, at most every 250 ms. */
  notify(force: boolean): void;
}

/**
 * Publishes the playback state to the player: snapshots that keep their identity between changes, and
 * listeners that hear of a change (not of every frame: while playing, the playhead moves ten times a
 * second; a player's clock needs a few updates).
 */
export function createPlaybackNotifier(read: () => PlaybackState, now: () => number): PlaybackNotifier {
  const listeners = new Set<(state: PlaybackState) => void>();
  let state = read();
  /** The state listeners last heard. */
  let notified = state;
  let lastNotify = Number.NEGATIVE_INFINITY;

  const changed = (s: PlaybackState): boolean => {
    const c = read();
    return (
      s.t !== c.t ||
      s.playing !== c.playing ||
      s.speed !== c.speed ||
      s.loop !== c.loop ||
      s.markers !== c.markers
    );
  };

  return {
    current() {
      if (changed(state)) state = read();
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    notify(force) {
      const t = now();
      if (!force && t - lastNotify < NOTIFY_MS) return;
      if (!changed(notified)) return;
      state = changed(state) ? read() : state;
      notified = state;
      lastNotify = t;
      for (const l of listeners) l(state);
    },
  };
}
