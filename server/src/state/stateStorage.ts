import type { AlertEvent, SiteSample } from '@gigawatt/shared';
import type { Annotation } from '@gigawatt/shared/recording';
import type { TelemetryStore } from '../store/telemetryStore.ts';

/** One alert change as kept: the event and, for a rule that needs it after a restart, its context. */
export interface PersistedAlert {
  event: AlertEvent;
  /** Rule state the alert's text cannot carry (utilDrop: the pre-drop reference utilization). */
  context?: number;
}

export interface RestoredState {
  /** Samples replayed from the log after the checkpoint. */
  samples: number;
  /** Every kept alert change, oldest first (the newest per alert id decides its state). */
  alerts: PersistedAlert[];
  /** When the checkpoint restored was written (undefined: none). */
  checkpointAt: number | undefined;
  /** Time restore took (ms). */
  ms: number;
}

/**
 * Where the server's state outlives the process: history tiers, latest values and the alert log with
 * its acknowledgements. The embedded default keeps it in the data folder (FileStateStorage); a networked
 * store (PostgreSQL, scale-out) implements the same interface and passes the same contract suite
 * (stateStorageContract.ts).
 *
 * Appends are synchronous from the caller's point of view. The file and memory stores write before they
 * return, so a kill -9 loses nothing acknowledged; PostgreSQL queues them and writes every 150 ms, so a
 * kill -9 loses what was queued (see PostgresStateStorage). checkpoint() makes restore fast and bounds
 * what has to be replayed.
 */
export interface StateStorage {
  readonly kind: string;
  /** Loads history and latest values into `store` and returns the alert log to replay. Call once, first. */
  restore(store: TelemetryStore): Promise<RestoredState>;
  appendSample(sample: SiteSample, live: boolean): void;
  appendAlert(entry: PersistedAlert): void;
  /**
   * An annotation the recorder wrote into `recordings` (their files stay the source the recordings API
   * reads); kept where it outlives this node (PostgreSQL). Optional: the file store has the MCAP files.
   */
  appendAnnotation?(annotation: Annotation, recordings: readonly string[]): void;
  checkpoint(store: TelemetryStore): Promise<void>;
  /** For /readyz: whether the store can take writes now; the detail names where, never a password. */
  check?(): Promise<{ ok: boolean; detail: string }>;
  /** A final checkpoint, then release files and connections. */
  close(store: TelemetryStore): Promise<void>;
}
