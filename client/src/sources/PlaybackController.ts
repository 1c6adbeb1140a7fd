import type { Severity } from '@gigawatt/shared';
import type { RecordingLevel } from '@gigawatt/shared/recording';

/** Playback speeds the player offers; a recording source accepts any value in [MIN_SPEED, MAX_SPEED]. */
export const PLAYBACK_SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 100;

/** Something worth jumping to on the scrubber: an alert's life, or an engineer's note. */
export type PlaybackMarker =
  | {
      kind: 'alert';
      /** The alert's id (one marker per alert, at the time it was raised). */
      id: string;
      t: number;
      /** When it cleared; undefined while still active at the end of the recording. */
      to: number | undefined;
      severity: Severity;
      label: string;
    }
  | {
      kind: 'annotation';
      id: string;
      t: number;
      /** The end of a span note; undefined for a note at one moment. */
      to: number | undefined;
      label: string;
      author: string | undefined;
    };

/** What the player shows about the open recording. */
export interface RecordingSummary {
  /** Server recording id; undefined for a local file dropped on the page. */
  id: string | undefined;
  name: string;
  /** First and last second with data (ms since epoch). */
  start: number;
  end: number;
  level: RecordingLevel;
  sites: readonly string[];
  sizeBytes: number;
  /**
   * Halls with rack data in the file, as "site/hall" (empty for a site- or hall-level recording);
   * undefined when not known. A hall not in it says so instead of waiting for racks that never come.
   */
  rackHalls?: readonly string[];
}

export interface PlaybackState {
  recording: RecordingSummary;
  /** The playhead (ms since epoch, whole seconds), always within [recording.start, recording.end]. */
  t: number;
  playing: boolean;
  speed: number;
  /** An A–B loop; playback wraps from `to` back to `from`. */
  loop: { from: number; to: number } | null;
  /** Alerts and annotations in time order. */
  markers: readonly PlaybackMarker[];
  /** True while a long recording's alerts and notes are still being read (the markers come later). */
  markersPending?: boolean;
}

/**
 * The transport of a source that has the 'playback' capability (a RecordingSource). The player bar
 * drives it; the views never see it and keep reading the TelemetrySource events.
 */
export interface PlaybackController {
  readonly playback: PlaybackState;
  /**
   * Called on every change of the playback state (not on every frame: at most a few times a second
   * while playing). `playback` itself is a snapshot that keeps its identity until something changes.
   */
  onPlayback(listener: (state: PlaybackState) => void): () => void;
  play(): void;
  pause(): void;
  /** Clamped to [MIN_SPEED, MAX_SPEED]. */
  setSpeed(speed: number): void;
  /** Moves the playhead (clamped to the recording); views see a `reset` then data up to `t`. */
  seek(t: number): void;
  /** Pauses and moves by whole seconds (+1 / -1 for the step buttons and arrow keys). */
  step(seconds: number): void;
  /**
   * Sets or clears the A–B loop; a loop is clamped to the recording and needs from < to (one that does
   * not is ignored, the previous loop kept). Playing past `to` wraps to `from` (a reset, as a seek).
   */
  setLoop(loop: { from: number; to: number } | null): void;
  /** Seeks to the next / previous alert marker after / before the playhead; false if there is none. */
  seekAlert(direction: 1 | -1): boolean;
  /**
   * Re-reads annotations from the server (after one was added), updating `markers`; a no-op for a
   * local file. Rejects when the server answers with an error other than 404.
   */
  refreshAnnotations(): Promise<void>;
}

export function hasPlayback(source: unknown): source is PlaybackController {
  return typeof source === 'object' && source !== null && 'playback' in source && 'seek' in source;
}
