import type { AlertEvent, RackBlock, SiteSample } from '@gigawatt/shared';
import type { Annotation, CaptureRequest, RecordingInfo } from '@gigawatt/shared/recording';

export type RecorderEvent =
  /** A recording stopped because a write failed (disk full, I/O error). Raise an alert. */
  | { type: 'error'; id: string; kind: RecordingInfo['kind']; error: string }
  /** Messages dropped because the disk could not keep up (count so far for this recording). */
  | { type: 'dropped'; id: string; count: number }
  /**
   * Recording works again after write errors: a recording opened since the last failure has reached
   * the disk. Clear the alert.
   */
  | { type: 'resumed'; id: string }
  /** A recording cut short (crash) was rebuilt at start-up. */
  | { type: 'recovered'; id: string; messages: number; reason: string | undefined }
  /** Retention deleted an always-on segment. */
  | { type: 'deleted'; id: string }
  /** A capture stopped by itself (size limit). */
  | { type: 'stopped'; id: string; reason: string }
  /** Something at start-up or in the background that did not stop recording. */
  | { type: 'warning'; message: string };

export interface AdoptRequest {
  kind: 'demo' | 'import';
  /** Display name (metadata only); default: the file's own name, else "Imported recording". */
  name?: string;
}

export interface RecordingSnapshot {
  path: string;
  dataLength: number;
  tail: Uint8Array;
}

export interface RecorderStats {
  active: number;
  recordings: number;
  dropped: number;
  writeErrors: number;
  bytesOnDisk: number;
}

export interface Recorder {
  onSample(sample: SiteSample): void;
  onRacks(block: RackBlock): void;
  /** `t` (ms): when the event happened; defaults to now(). */
  onAlert(event: AlertEvent, t?: number): void;
  /**
   * Writes an annotation into a recording: an id, or 'current' (the always-on segment that covers
   * annotation.t, plus every running capture). Resolves to the ids written to.
   */
  addAnnotation(target: string, annotation: Annotation): Promise<string[]>;
  /**
   * A recording's annotations, sorted by t: read from its /annotations channel, or (running, or failed
   * and not yet recovered, so without an index) from what this recorder wrote. Throws RecorderError.
   */
  annotations(id: string): Promise<Annotation[]>;
  /**
   * Takes a finished file from inside `<dataDir>/recordings` (an upload, a synthesized demo) into the
   * list under a new generated id: checked (and, cut short, recovered) first. Takes ownership of the
   * file: it is moved into place, or deleted when refused (RecorderError 'invalid').
   */
  adopt(path: string, request: AdoptRequest): Promise<RecordingInfo>;
  /** A fresh temporary path inside the recordings folder for a file to adopt (deleted at start-up if left). */
  incomingPath(): string;
  startCapture(request: CaptureRequest): Promise<string>;
  stopCapture(id: string): Promise<RecordingInfo>;
  remove(id: string): Promise<void>;
  /** Newest first; sizes and spans of running recordings are current. */
  list(): RecordingInfo[];
  get(id: string): RecordingInfo | undefined;
  /** Path of a recording's .mcap file, for serving it; throws RecorderError for a bad or unknown id. */
  filePath(id: string): string;
  /**
   * A recording still being written, readable up to its last flushed chunk: the first `dataLength` bytes
   * of its file followed by `tail` form a complete MCAP file. `dataLength` pins an earlier snapshot (so
   * one reader sees one file). Undefined when the recording is not running or never passed that point.
   */
  snapshot(id: string, dataLength?: number): RecordingSnapshot | undefined;
  /** Whether a running capture wants rack blocks of this hall (so the simulator should produce them). */
  wantsRacks(site: string, hall: string): boolean;
  /**
   * Starts or pauses the always-on recorder (scale-out: only the lease holder records it). Pausing ends
   * the open segment as a complete file; captures are not affected.
   */
  setAlwaysOn(on: boolean): void;
  /** Closes every open chunk now; resolves once it is on disk. */
  flush(): Promise<void>;
  stats(): RecorderStats;
  /** Ends every recording (complete, indexed files) and stops the timers. */
  close(): Promise<void>;
}
