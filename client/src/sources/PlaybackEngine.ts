import { createPlaybackNotifier, type PlaybackNotifier } from './createPlaybackNotifier.ts';
import {
  MAX_SPEED,
  MIN_SPEED,
  type PlaybackController,
  type PlaybackMarker,
  type PlaybackState,
  type RecordingSummary,
} from './PlaybackController.ts';
import type { PlaybackData } from './PlaybackData.ts';
import { alertsActiveAt, wholeSecond } from './playbackMarkers.ts';
import { defaultPlaybackScheduler, type PlaybackScheduler } from './playbackScheduler.ts';
import type { SourceEvent, SourceListener } from './TelemetrySource.ts';

export interface PlaybackEngineOptions {
  /** First playhead (ms; clamped to the recording, floored to a second). Default: its start. */
  startAt?: number | undefined;
  /** Initial speed (clamped to [MIN_SPEED, MAX_SPEED]). Default 1. */
  speed?: number | undefined;
  /** Wall clock (ms); the playhead moves by speed × its progress. */
  now?: (() => number) | undefined;
  /** Runs the ~10 Hz playback frames (default setTimeout). */
  scheduler?: PlaybackScheduler | undefined;
  markers: readonly PlaybackMarker[];
  /** The markers are still being read (setMarkers brings them). */
  markersPending?: boolean;
}

/** Frames per second of the playback loop while playing. */
const FRAME_MS = 100;
/** Recording time read ahead of the playhead, at least… */
const MIN_AHEAD_MS = 60_000;
/** …and at least this much wall time at the current speed, so 100× playback never waits on a read. */
const AHEAD_WALL_MS = 10_000;
/** Forward steps up to this far play through (no reset, charts keep their data). */
const STEP_THROUGH_MAX_MS = 60_000;

export function clampSpeed(speed: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** `t` floored to a second and clamped to the recording. */
export function clampToRecording(summary: RecordingSummary, t: number): number {
  return Math.min(summary.end, Math.max(summary.start, wholeSecond(t)));
}

/**
 * The playback clock (model: Foxglove's IterablePlayer): the playhead, speed, loop and the frame loop
 * that moves the playhead with the wall clock, handing the views every second the data has read up to
 * it. A seek is a reset, a hello and the tick at the new playhead; the hello's clock follows the
 * playhead (rate = speed while playing, 0 while paused), so the store's "now" is the playhead.
 */
export class PlaybackEngine implements Omit<PlaybackController, 'refreshAnnotations'> {
  readonly #data: PlaybackData;
  readonly #now: () => number;
  readonly #scheduler: PlaybackScheduler;

  #listener: SourceListener | null = null;
  #started = false;
  #stopped = false;

  // While playing, the position is anchorPos + (now − anchorWall) × speed.
  #t: number;
  #playing = false;
  #speed: number;
  #loop: { from: number; to: number } | null = null;
  #anchorPos = 0;
  #anchorWall = 0;
  #cancelFrame: (() => void) | null = null;
  /** The clock sent with the last hello ran on while a read held the playhead back. */
  #resync = false;
  /** Last second handed to the views since the last reset; null right after one. */
  #shown: number | null = null;
  #markers: readonly PlaybackMarker[];
  #markersPending: boolean;

  readonly #state: PlaybackNotifier;

  constructor(data: PlaybackData, opts: PlaybackEngineOptions) {
    this.#data = data;
    this.#markers = opts.markers;
    this.#markersPending = opts.markersPending ?? false;
    this.#now = opts.now ?? Date.now;
    this.#scheduler = opts.scheduler ?? defaultPlaybackScheduler;
    this.#speed = clampSpeed(opts.speed ?? 1);
    this.#t = this.#clamp(opts.startAt ?? data.summary.start);
    this.#state = createPlaybackNotifier(() => this.#snapshot(), this.#now);
  }

  get started(): boolean {
    return this.#started;
  }

  /** Last second handed to the views since the last reset; null right after one. */
  get shown(): number | null {
    return this.#shown;
  }

  /** Begins delivering events: the status, a hello and the tick at the playhead. */
  start(listener: SourceListener): void {
    this.#started = true;
    if (this.#stopped) return;
    this.#listener = listener;
    this.emit({ type: 'status', status: 'replay' });
    this.#hello();
    this.#catchUp();
    this.#pump();
  }

  stop(): void {
    this.#stopped = true;
    this.#playing = false;
    this.#cancelFrame?.();
    this.#cancelFrame = null;
    this.#listener = null;
  }

  emit(event: SourceEvent): void {
    this.#listener?.(event);
  }

  /** The data read further: show what the playhead has reached, keep reading ahead. */
  progress(): void {
    if (this.#stopped) return;
    this.#catchUp();
    this.#pump();
  }

  /** Reading failed: the views hear `event` and playback pauses. */
  interrupt(event: SourceEvent): void {
    this.emit(event);
    if (this.#playing) this.#halt();
  }

  /** New markers; `pending` says the recording's own are still being read. */
  setMarkers(markers: readonly PlaybackMarker[], pending = this.#markersPending): void {
    this.#markers = markers;
    this.#markersPending = pending;
    this.#notify(true);
  }

  /** The data's alerts changed (read after the open): the views get those open at the playhead. */
  alertsChanged(): void {
    if (this.#started && !this.#stopped) this.#hello();
  }

  // ---- PlaybackController ----------------------------------------------------------------------

  get playback(): PlaybackState {
    return this.#state.current();
  }

  onPlayback(listener: (state: PlaybackState) => void): () => void {
    return this.#state.subscribe(listener);
  }

  play(): void {
    if (this.#playing || this.#stopped) return;
    // At the end, play means "from the top" (what every media player does).
    if (this.#t >= this.#data.summary.end && !this.#loop) this.#seekTo(this.#data.summary.start);
    this.#data.retry();
    this.#playing = true;
    this.#resync = false;
    this.#hello();
    this.#pump();
    this.#scheduleFrame();
    this.#notify(true);
  }

  pause(): void {
    if (!this.#playing) return;
    this.#advance(); // whatever the wall clock says was played is shown
    this.#halt();
  }

  setSpeed(speed: number): void {
    if (!Number.isFinite(speed)) return;
    const next = clampSpeed(speed);
    if (next === this.#speed) return;
    if (this.#playing) this.#advance();
    this.#speed = next;
    if (this.#playing) {
      this.#hello();
      this.#pump();
    }
    this.#notify(true);
  }

  seek(t: number): void {
    if (this.#stopped || !Number.isFinite(t)) return;
    this.#seekTo(t);
    this.#notify(true);
  }

  step(seconds: number): void {
    if (this.#stopped || !Number.isFinite(seconds)) return;
    if (this.#playing) {
      this.#advance();
      this.#halt();
    }
    const target = this.#clamp(this.#t + Math.round(seconds) * 1000);
    if (target > this.#t && target - this.#t <= STEP_THROUGH_MAX_MS) {
      this.#t = target;
      this.#hello();
      this.#catchUp();
      this.#pump();
    } else if (target !== this.#t) this.#seekTo(target);
    this.#notify(true);
  }

  setLoop(loop: { from: number; to: number } | null): void {
    if (loop === null) this.#loop = null;
    else {
      if (!Number.isFinite(loop.from) || !Number.isFinite(loop.to)) return;
      const from = this.#clamp(loop.from);
      const to = this.#clamp(loop.to);
      if (!(from < to)) return;
      this.#loop = { from, to };
    }
    this.#notify(true);
  }

  seekAlert(direction: 1 | -1): boolean {
    const alerts = this.#markers.filter((m) => m.kind === 'alert');
    const target =
      direction === 1 ? alerts.find((m) => m.t > this.#t) : alerts.findLast((m) => m.t < this.#t);
    if (!target) return false;
    this.seek(target.t);
    return true;
  }

  // ---- the clock -------------------------------------------------------------------------------

  #clamp(t: number): number {
    return clampToRecording(this.#data.summary, t);
  }

  #position(): number {
    return this.#anchorPos + (this.#now() - this.#anchorWall) * this.#speed;
  }

  /**
   * Tells the store where the playhead is and how fast it moves (rate 0 while paused), so its "now"
   * (history windows, ages) follows the playhead; the engine's own clock restarts from the same point.
   * Same fleet, so the store keeps its buffers; the alerts are those open at the playhead.
   */
  #hello(): void {
    this.#anchorPos = this.#t;
    this.#anchorWall = this.#now();
    this.emit({
      type: 'hello',
      fleet: this.#data.fleet,
      serverTime: this.#t,
      lastSeq: this.#t / 1000,
      alerts: alertsActiveAt(this.#data.alerts, this.#t),
      clockRate: this.#playing ? this.#speed : 0,
    });
  }

  #halt(): void {
    this.#playing = false;
    this.#cancelFrame?.();
    this.#cancelFrame = null;
    this.#hello();
    this.#notify(true);
  }

  #seekTo(t: number): void {
    this.#t = this.#clamp(t);
    this.#shown = null;
    this.#resync = false;
    this.#data.moveTo(this.#t);
    this.emit({ type: 'reset' });
    this.#hello();
    this.#catchUp();
    this.#pump();
  }

  #scheduleFrame(): void {
    this.#cancelFrame?.();
    this.#cancelFrame = this.#scheduler(() => {
      this.#cancelFrame = null;
      if (!this.#playing || this.#stopped) return;
      this.#advance();
      if (this.#playing) this.#scheduleFrame();
    }, FRAME_MS);
  }

  /** Moves the playhead to where the wall clock says it is, within what has been read. */
  #advance(): void {
    if (!this.#playing) return;
    const end = this.#data.summary.end;
    let target = wholeSecond(this.#position());
    const loop = this.#loop;
    if (loop && target > loop.to) {
      this.#seekTo(loop.from);
      this.#notify(true);
      return;
    }
    target = Math.min(target, end);
    const through = this.#data.through;
    if (target > through) {
      // The read is behind: hold the playhead where the data ends and let the clock wait for it.
      this.#t = Math.max(this.#t, Math.min(target, through));
      this.#anchorPos = this.#t;
      this.#anchorWall = this.#now();
      this.#resync = true;
    } else if (this.#resync && target > this.#t) {
      this.#resync = false;
      this.#t = target;
      this.#hello();
    } else this.#t = Math.max(this.#t, target);
    this.#catchUp();
    this.#pump();
    if (this.#t >= end && this.#shown === end && !loop) {
      this.#halt();
      return;
    }
    this.#notify(false);
  }

  /** Hands the views every second from the last one shown up to the playhead that has been read. */
  #catchUp(): void {
    if (this.#stopped || !this.#listener) return;
    const before = this.#shown;
    const read = this.#data.ticks(before === null ? this.#t : before + 1000, this.#t);
    if (read === null) return;
    const shown = read.last;
    this.#shown = shown;
    if (read.ticks.length > 0) this.emit({ type: 'ticks', ticks: read.ticks });
    // The hello carried the alerts open at the playhead; after it, the events crossed.
    const crossedFrom = before ?? this.#t;
    for (const a of this.#data.alerts) {
      if (a.t > shown) break;
      if (a.t > crossedFrom) this.emit({ type: 'alert', event: a.event });
    }
    this.#data.shown(shown);
  }

  /** Keeps the read-ahead going: more of it at higher speeds. */
  #pump(): void {
    if (this.#stopped || !this.#started) return;
    const ahead = this.#playing ? Math.max(MIN_AHEAD_MS, this.#speed * AHEAD_WALL_MS) : MIN_AHEAD_MS;
    this.#data.readAhead(this.#t, ahead);
  }

  // ---- playback state --------------------------------------------------------------------------

  #snapshot(): PlaybackState {
    return {
      recording: this.#data.summary,
      t: this.#t,
      playing: this.#playing,
      speed: this.#speed,
      loop: this.#loop,
      markers: this.#markers,
      ...(this.#markersPending ? { markersPending: true } : {}),
    };
  }

  #notify(force: boolean): void {
    if (!this.#stopped) this.#state.notify(force);
  }
}
