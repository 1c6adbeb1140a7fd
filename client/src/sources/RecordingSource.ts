import type { FleetConfig, HallRef, HistoryResponse } from '@gigawatt/shared';
import type { Annotation } from '@gigawatt/shared/recording';
import {
  fetchRecordingAnnotations,
  type LoadedRecording,
  type LoadRecordingOptions,
  loadRecording,
  type RecordingInput,
} from './loadRecording.ts';
import type { PlaybackController, PlaybackState } from './PlaybackController.ts';
import { clampToRecording, PlaybackEngine } from './PlaybackEngine.ts';
import { playbackMarkers } from './playbackMarkers.ts';
import type { PlaybackScheduler } from './playbackScheduler.ts';
import { RecordingReader, readFailure } from './RecordingReader.ts';
import type {
  HistoryQuery,
  SourceCapability,
  SourceListener,
  SourceStatus,
  TelemetrySource,
} from './TelemetrySource.ts';

export type { RecordingInput } from './loadRecording.ts';

export interface RecordingSourceOptions extends LoadRecordingOptions {
  /** Origin of the server for the annotations API; empty for the page's own origin. */
  baseUrl?: string;
  /** First playhead (ms; clamped to the recording, floored to a second). Default: its start. */
  startAt?: number;
  /** Initial speed (clamped to [MIN_SPEED, MAX_SPEED]). Default 1. */
  speed?: number;
  /** Wall clock (ms); the playhead moves by speed × its progress. */
  now?: () => number;
  /** Runs the ~10 Hz playback frames (default setTimeout); tests pass a manual one with `now`. */
  scheduler?: PlaybackScheduler;
}

/**
 * A TelemetrySource over an MCAP recording, and the transport (PlaybackController) the player drives.
 * Views see the same events as from the live feed: a hello with the fleet, one tick per recorded
 * second in order, racks of subscribed halls, alerts as the playhead crosses them; a seek is a reset,
 * a hello and the tick at the new playhead.
 *
 * The composition of a PlaybackEngine (the clock: playhead, speed, loop, frames) and the
 * RecordingReader it plays (the file's data around the playhead, rack detail, history); opening the
 * file and the server's annotations come from loadRecording.ts.
 */
export class RecordingSource implements TelemetrySource, PlaybackController {
  readonly kind = 'recording' as const;
  readonly capabilities: ReadonlySet<SourceCapability>;

  readonly #input: RecordingInput;
  readonly #opts: RecordingSourceOptions;
  readonly #reader: RecordingReader;
  readonly #engine: PlaybackEngine;
  #stopped = false;
  /** The server's annotations of this recording, once asked for (refreshAnnotations). */
  #serverAnnotations: readonly Annotation[] = [];

  /**
   * Opens a recording (see loadRecording: a few range requests for a URL). Rejects with a
   * RecordingError naming the file when it is not a usable recording (not MCAP, cut short, empty, no
   * telemetry, no fleet to render it with) and with an HttpRangeError when the server cannot serve it.
   */
  static async open(input: RecordingInput, opts: RecordingSourceOptions = {}): Promise<RecordingSource> {
    return new RecordingSource(input, await loadRecording(input, opts), opts);
  }

  private constructor(input: RecordingInput, rec: LoadedRecording, opts: RecordingSourceOptions) {
    this.#input = input;
    this.#opts = opts;
    const startAt = opts.startAt ?? rec.summary.start;
    this.#reader = new RecordingReader(rec, clampToRecording(rec.summary, startAt), {
      onProgress: () => this.#engine.progress(),
      onError: (error) => this.#engine.interrupt(readFailure(error)),
      onRacks: (block) => this.#engine.emit({ type: 'racks', block }),
    });
    this.#engine = new PlaybackEngine(this.#reader, {
      startAt,
      speed: opts.speed,
      now: opts.now,
      scheduler: opts.scheduler,
      markers: playbackMarkers(this.#reader.alerts, this.#reader.annotations),
      markersPending: !rec.markersAtOpen,
    });
    // A long recording opens before its markers are read: they join the scrubber, the alert steps and
    // the alerts open at the playhead when they are.
    if (!rec.markersAtOpen) {
      void rec.markers.then((markers) => {
        if (this.#stopped) return;
        this.#reader.setMarkers(markers);
        this.#applyMarkers(false);
        this.#engine.alertsChanged();
      });
    }
    const caps: SourceCapability[] = ['seek', 'playback', 'history'];
    if (this.#reader.hasRackDetail) caps.push('rackDetail');
    this.capabilities = new Set(caps);
  }

  // ---- TelemetrySource -------------------------------------------------------------------------

  get status(): SourceStatus {
    return 'replay';
  }

  /** The fleet the recording is rendered with (the file's own, or the fallback cut to its sites). */
  get fleet(): FleetConfig {
    return this.#reader.fleet;
  }

  /** Bytes fetched so far for a URL input (0 for bytes in memory). */
  get bytesFetched(): number {
    return this.#reader.bytesFetched;
  }

  start(listener: SourceListener): void {
    if (this.#engine.started) throw new Error('RecordingSource.start called twice');
    this.#engine.start(listener);
  }

  stop(): void {
    this.#stopped = true;
    this.#engine.stop();
    this.#reader.close();
  }

  subscribeHall(ref: HallRef): () => void {
    return this.#reader.subscribeHall(ref, this.#engine.shown);
  }

  fetchHistory(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryResponse> {
    return this.#reader.fetchHistory(query, signal);
  }

  // ---- PlaybackController ----------------------------------------------------------------------

  get playback(): PlaybackState {
    return this.#engine.playback;
  }

  onPlayback(listener: (state: PlaybackState) => void): () => void {
    return this.#engine.onPlayback(listener);
  }

  play(): void {
    this.#engine.play();
  }

  pause(): void {
    this.#engine.pause();
  }

  setSpeed(speed: number): void {
    this.#engine.setSpeed(speed);
  }

  seek(t: number): void {
    this.#engine.seek(t);
  }

  step(seconds: number): void {
    this.#engine.step(seconds);
  }

  setLoop(loop: { from: number; to: number } | null): void {
    this.#engine.setLoop(loop);
  }

  seekAlert(direction: 1 | -1): boolean {
    return this.#engine.seekAlert(direction);
  }

  async refreshAnnotations(): Promise<void> {
    const input = this.#input;
    if (input.kind !== 'url' || !input.id || this.#stopped) return;
    const token = input.token ?? this.#opts.token;
    const annotations = await fetchRecordingAnnotations({
      id: input.id,
      ...(this.#opts.baseUrl !== undefined ? { baseUrl: this.#opts.baseUrl } : {}),
      ...(this.#opts.fetch ? { fetch: this.#opts.fetch } : {}),
      ...(token ? { token } : {}),
      signal: this.#reader.signal,
    });
    // A server without the annotations API (or one that no longer lists the recording): the file's
    // notes stand.
    if (annotations === undefined || this.#stopped) return;
    this.#serverAnnotations = annotations;
    this.#applyMarkers();
  }

  /** `pending`: whether the file's own markers are still being read (as before by default). */
  #applyMarkers(pending?: boolean): void {
    // The server's list includes what the file holds; by id, so a note the file also has counts once.
    const byId = new Map<string, Annotation>(this.#reader.annotations.map((a) => [a.id, a]));
    for (const a of this.#serverAnnotations) byId.set(a.id, a);
    this.#engine.setMarkers(playbackMarkers(this.#reader.alerts, [...byId.values()]), pending);
  }

  /** Resolves once no read is in flight (tests and screenshots wait for a settled screen). */
  idle(): Promise<void> {
    return this.#reader.idle();
  }
}
