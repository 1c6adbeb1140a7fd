import type { FleetConfig, Tick } from '@gigawatt/shared';
import type { RecordingSummary } from './PlaybackController.ts';
import type { TimedAlertEvent } from './playbackMarkers.ts';

/**
 * What a PlaybackEngine plays (model: Foxglove's IIterableSource): the recording's data around the
 * playhead, read ahead on request. A RecordingReader over an MCAP file is one.
 */
export interface PlaybackData {
  readonly summary: RecordingSummary;
  readonly fleet: FleetConfig;
  /** In time order. */
  readonly alerts: readonly TimedAlertEvent[];
  /** Last second read completely. */
  readonly through: number;
  /** The read seconds in [first, last] as ticks, and the last second looked at; null for none. */
  ticks(first: number, last: number): { ticks: Tick[]; last: number } | null;
  /** Keeps reading ahead of `t`, at least `ahead` ms. */
  readAhead(t: number, ahead: number): void;
  /** A reset to `t`: reads of the old position are dropped. */
  moveTo(t: number): void;
  /** Reading may be tried again after a failure. */
  retry(): void;
  /** Every second up to `t` has been handed to the views. */
  shown(t: number): void;
}
