import type { FleetConfig, FleetIndex, HallRef, HistoryResponse, SiteSample, Tick } from '@gigawatt/shared';
import { indexFleet } from '@gigawatt/shared';
import { type Annotation, annotationSchema, racksTopic, siteTopic } from '@gigawatt/shared/recording';
import { z } from 'zod';
import { historyWindows } from './historyWindows.ts';
import { HttpRangeError } from './httpRangeReadable.ts';
import {
  type LoadedRecording,
  type LoadRecordingOptions,
  loadRecording,
  type RecordingInput,
} from './loadRecording.ts';
import {
  MAX_SPEED,
  MIN_SPEED,
  type PlaybackController,
  type PlaybackMarker,
  type PlaybackState,
} from './PlaybackController.ts';
import { alertsActiveAt, playbackMarkers, wholeSecond } from './playbackMarkers.ts';
import { defaultPlaybackScheduler, type PlaybackScheduler } from './playbackScheduler.ts';
import { createRackReader, type RackReader } from './rackReader.ts';
import { type ReadWindow, readRecordedMessages } from './readRecordedMessages.ts';
import { historyFromSamples, parseHistorySeries, sitesForSeries } from './recordingHistory.ts';
import { SampleWindow } from './SampleWindow.ts';
import type {
  HistoryQuery,
  SourceCapability,
  SourceEvent,
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

/** Frames per second of the playback loop while playing. */
const FRAME_MS = 100;
/** onPlayback listeners hear about a moving playhead at most this often. */
const NOTIFY_MS = 250;
/** Recording time read ahead of the playhead, at least… */
const MIN_AHEAD_MS = 60_000;
/** …and at least this much wall time at the current speed, so 100× playback never waits on a read. */
const AHEAD_WALL_MS = 10_000;
/** Forward steps up to this far play through (no reset, charts keep their data). */
const STEP_THROUGH_MAX_MS = 60_000;

const hallKey = (ref: HallRef): string => `${ref.site}/${ref.hall}`;
const annotationsBodySchema = z.object({ annotations: z.array(annotationSchema) });

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clampSpeed(speed: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/**
 * A TelemetrySource over an MCAP recording, and the transport (PlaybackController) the player drives.
 * Views see the same events as from the live feed: a hello with the fleet, one tick per recorded
 * second in order, racks of subscribed halls, alerts as the playhead crosses them; a seek is a reset,
 * a hello and the tick at the new playhead. The hello's clock follows the playhead (rate = speed while
 * playing, 0 while paused), so the store's "now" is the playhead and history fills the window before it.
 *
 * Only a window of the file around the playhead is read and held; a URL input is read with range
 * requests, never downloaded whole.
 */
export class RecordingSource implements TelemetrySource, PlaybackController {
  readonly kind = 'recording' as const;
  readonly capabilities: ReadonlySet<SourceCapability>;

  readonly #rec: LoadedRecording;
  readonly #input: RecordingInput;
  readonly #index: FleetIndex;
  readonly #siteOrder: readonly string[];
  readonly #siteTopics: readonly string[];
  readonly #rackTopics: ReadonlyMap<string, string>;
  #markers: readonly PlaybackMarker[];
  readonly #opts: RecordingSourceOptions;
  readonly #now: () => number;
  readonly #scheduler: PlaybackScheduler;
  readonly #abort = new AbortController();
  readonly #window: SampleWindow;
  readonly #racks: RackReader;

  #listener: SourceListener | null = null;
  #started = false;
  #stopped = false;

  // Transport. While playing, the position is anchorPos + (now − anchorWall) × speed.
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
  /** Bumped on every reset, so a late rack read of an old position is dropped. */
  #resetGen = 0;

  readonly #halls = new Map<string, { ref: HallRef; count: number }>();

  readonly #playbackListeners = new Set<(state: PlaybackState) => void>();
  #state: PlaybackState;
  /** The state listeners last heard. */
  #notified: PlaybackState;
  #lastNotify = Number.NEGATIVE_INFINITY;
  #warnedInvalid = false;

  /**
   * Opens a recording (see loadRecording: a few range requests for a URL). Rejects with a
   * RecordingError naming the file when it is not a usable recording (not MCAP, cut short, empty, no
   * telemetry, no fleet to render it with) and with an HttpRangeError when the server cannot serve it.
   */
  static async open(input: RecordingInput, opts: RecordingSourceOptions = {}): Promise<RecordingSource> {
    return new RecordingSource(input, await loadRecording(input, opts), opts);
  }

  private constructor(input: RecordingInput, rec: LoadedRecording, opts: RecordingSourceOptions) {
    this.#rec = rec;
    this.#input = input;
    this.#index = indexFleet(rec.fleet);
    this.#siteOrder = rec.fleet.sites.map((s) => s.id);
    const inFile = new Set(rec.opened.topics.map((t) => t.topic));
    this.#siteTopics = this.#siteOrder.map(siteTopic).filter((t) => inFile.has(t));
    const racks = new Map<string, string>();
    for (const t of rec.opened.topics) {
      if (t.kind === 'racks' && t.site && t.hall && this.#index.hall(t.site, t.hall)) {
        racks.set(hallKey({ site: t.site, hall: t.hall }), racksTopic(t.site, t.hall));
      }
    }
    this.#rackTopics = racks;
    const caps: SourceCapability[] = ['seek', 'playback', 'history'];
    if (racks.size > 0) caps.push('rackDetail');
    this.capabilities = new Set(caps);
    this.#markers = playbackMarkers(rec.alerts, rec.annotations);
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#scheduler = opts.scheduler ?? defaultPlaybackScheduler;
    this.#speed = clampSpeed(opts.speed ?? 1);
    this.#t = this.#clamp(opts.startAt ?? rec.summary.start);
    this.#window = new SampleWindow(
      {
        read: (w) => this.#read(w),
        topics: this.#siteTopics,
        onProgress: () => {
          if (this.#stopped) return;
          this.#catchUp();
          this.#pump();
        },
        onError: (error) => this.#readFailed(error),
      },
      this.#t,
    );
    this.#racks = createRackReader({
      read: (w) => this.#read(w),
      topics: () => [...this.#halls.keys()].flatMap((k) => this.#rackTopics.get(k) ?? []),
      generation: () => this.#resetGen,
      deliver: (block, gen) => {
        // A block read for a position a seek has since left would show the wrong moment.
        if (gen === this.#resetGen && this.#halls.has(hallKey(block))) this.#emit({ type: 'racks', block });
      },
    });
    this.#state = this.#snapshot();
    this.#notified = this.#state;
  }

  // ---- TelemetrySource -------------------------------------------------------------------------

  get status(): SourceStatus {
    return 'replay';
  }

  /** The fleet the recording is rendered with (the file's own, or the fallback cut to its sites). */
  get fleet(): FleetConfig {
    return this.#rec.fleet;
  }

  /** Bytes fetched so far for a URL input (0 for bytes in memory). */
  get bytesFetched(): number {
    return this.#rec.readable?.bytesFetched ?? 0;
  }

  start(listener: SourceListener): void {
    if (this.#started) throw new Error('RecordingSource.start called twice');
    this.#started = true;
    if (this.#stopped) return;
    this.#listener = listener;
    this.#emit({ type: 'status', status: 'replay' });
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
    this.#abort.abort();
    this.#rec.readable?.abort();
    this.#window.close();
    this.#racks.close();
  }

  subscribeHall(ref: HallRef): () => void {
    const key = hallKey(ref);
    const entry = this.#halls.get(key);
    if (entry) entry.count++;
    else {
      this.#halls.set(key, { ref, count: 1 });
      // Show the hall at the playhead at once, also while paused.
      if (this.#shown !== null) this.#racks.request(this.#shown);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const e = this.#halls.get(key);
      if (e && --e.count <= 0) this.#halls.delete(key);
    };
  }

  /**
   * The server's history answer, computed from the file (see historyFromSamples): reads the site
   * channels the series need between from and to, clamped to the recording. Exact over a chart's
   * window; over long spans (hours of a day-long file) it samples chunks (see historyWindows).
   */
  async fetchHistory(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryResponse> {
    const refs = parseHistorySeries(query.series, this.#index);
    const { start, end } = this.#rec.summary;
    const from = Math.max(query.from, start);
    const to = Math.min(query.to, end + 999);
    const have = new Set(this.#siteTopics);
    const topics = sitesForSeries(refs, this.#index)
      .map(siteTopic)
      .filter((t) => have.has(t));
    const wanted = new Set(topics);
    const ids = new Set([...this.#rec.channels].flatMap(([id, c]) => (wanted.has(c.topic) ? [id] : [])));
    const windows = historyWindows(this.#rec.opened.reader.chunkIndexes, ids, from, to);
    const stopped = this.#abort.signal;
    const read = (w: ReadWindow) => this.#read(w);
    async function* samples(): AsyncGenerator<SiteSample> {
      for (const w of windows) {
        for await (const m of read({ ...w, topics })) {
          if (stopped.aborted || signal?.aborted) return;
          if (m.kind === 'site') yield m.sample;
        }
      }
    }
    const res = await historyFromSamples(samples(), query, { from, to }, this.#index, signal);
    if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
    if (stopped.aborted) throw new DOMException('the recording was closed', 'AbortError');
    return res;
  }

  // ---- PlaybackController ----------------------------------------------------------------------

  get playback(): PlaybackState {
    // Stable between changes (a React external store compares snapshots by identity).
    if (this.#changed(this.#state)) this.#state = this.#snapshot();
    return this.#state;
  }

  onPlayback(listener: (state: PlaybackState) => void): () => void {
    this.#playbackListeners.add(listener);
    return () => {
      this.#playbackListeners.delete(listener);
    };
  }

  play(): void {
    if (this.#playing || this.#stopped) return;
    // At the end, play means "from the top" (what every media player does).
    if (this.#t >= this.#rec.summary.end && !this.#loop) this.#seekTo(this.#rec.summary.start);
    this.#window.retry();
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

  async refreshAnnotations(): Promise<void> {
    const input = this.#input;
    if (input.kind !== 'url' || !input.id || this.#stopped) return;
    const token = input.token ?? this.#opts.token;
    const doFetch = this.#opts.fetch ?? ((i, init) => globalThis.fetch(i, init));
    const url = `${this.#opts.baseUrl ?? ''}/api/recordings/${encodeURIComponent(input.id)}/annotations`;
    const res = await doFetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: this.#abort.signal,
    });
    // A server without the annotations API (or one that no longer lists the recording): the file's
    // notes stand.
    if (res.status === 404) return;
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const msg =
        body && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
          ? body.error
          : res.statusText;
      throw new Error(`annotations request failed (${res.status}): ${msg}`);
    }
    const parsed = annotationsBodySchema.safeParse(body);
    if (!parsed.success) throw new Error('annotations response is malformed');
    if (this.#stopped) return;
    // The server's list includes what the file holds; by id, so a note the file also has counts once.
    const byId = new Map<string, Annotation>(this.#rec.annotations.map((a) => [a.id, a]));
    for (const a of parsed.data.annotations) byId.set(a.id, a);
    this.#markers = playbackMarkers(this.#rec.alerts, [...byId.values()]);
    this.#notify(true);
  }

  /** Resolves once no read is in flight (tests and screenshots wait for a settled screen). */
  async idle(): Promise<void> {
    while (this.#window.reading || this.#racks.reading) {
      await Promise.all([this.#window.reading, this.#racks.reading]);
    }
  }

  // ---- playback internals ----------------------------------------------------------------------

  #emit(event: SourceEvent): void {
    this.#listener?.(event);
  }

  #clamp(t: number): number {
    const { start, end } = this.#rec.summary;
    return Math.min(end, Math.max(start, wholeSecond(t)));
  }

  #position(): number {
    return this.#anchorPos + (this.#now() - this.#anchorWall) * this.#speed;
  }

  /**
   * Tells the store where the playhead is and how fast it moves (rate 0 while paused), so its "now"
   * (history windows, ages) follows the playhead; the source's own clock restarts from the same point.
   * Same fleet, so the store keeps its buffers; the alerts are those open at the playhead.
   */
  #hello(): void {
    this.#anchorPos = this.#t;
    this.#anchorWall = this.#now();
    this.#emit({
      type: 'hello',
      fleet: this.#rec.fleet,
      serverTime: this.#t,
      lastSeq: this.#t / 1000,
      alerts: alertsActiveAt(this.#rec.alerts, this.#t),
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
    this.#resetGen++;
    this.#resync = false;
    this.#window.moveTo(this.#t);
    this.#emit({ type: 'reset' });
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
    const end = this.#rec.summary.end;
    let target = wholeSecond(this.#position());
    const loop = this.#loop;
    if (loop && target > loop.to) {
      this.#seekTo(loop.from);
      this.#notify(true);
      return;
    }
    target = Math.min(target, end);
    const through = this.#window.through;
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
    const through = this.#window.through;
    const ticks: Tick[] = [];
    let shown = before;
    for (let s = before === null ? this.#t : before + 1000; s <= this.#t && s <= through; s += 1000) {
      shown = s;
      const bySite = this.#window.at(s);
      if (!bySite) continue;
      const sites: SiteSample[] = [];
      for (const id of this.#siteOrder) {
        const sample = bySite.get(id);
        if (sample) sites.push(sample);
      }
      if (sites.length > 0) ticks.push({ t: s, seq: s / 1000, sites });
    }
    if (shown === null || shown === before) return;
    this.#shown = shown;
    if (ticks.length > 0) this.#emit({ type: 'ticks', ticks });
    // The hello carried the alerts open at the playhead; after it, the events crossed.
    const crossedFrom = before ?? this.#t;
    for (const a of this.#rec.alerts) {
      if (a.t > shown) break;
      if (a.t > crossedFrom) this.#emit({ type: 'alert', event: a.event });
    }
    if (this.#halls.size > 0) this.#racks.request(shown);
    // Seconds behind the playhead are never shown again without a reset (which re-reads).
    this.#window.dropBefore(shown);
  }

  #read(window: ReadWindow) {
    return readRecordedMessages(this.#rec.opened, this.#rec.channels, window, (e) => {
      if (!this.#warnedInvalid) console.warn(`[gigawatt] skipped an invalid message: ${e.message}`);
      this.#warnedInvalid = true;
    });
  }

  /** Keeps the read-ahead going: more of it at higher speeds. */
  #pump(): void {
    if (this.#stopped || !this.#started) return;
    const ahead = this.#playing ? Math.max(MIN_AHEAD_MS, this.#speed * AHEAD_WALL_MS) : MIN_AHEAD_MS;
    this.#window.ensure(this.#t, ahead, this.#rec.summary.end);
  }

  #readFailed(error: unknown): void {
    const cause = error instanceof Error ? error.cause : undefined;
    const http = error instanceof HttpRangeError ? error : cause instanceof HttpRangeError ? cause : null;
    const kind = http ? (http.status === 401 || http.status === 403 ? 'auth' : 'network') : 'payload';
    this.#emit({ type: 'error', kind, message: `Playback stopped: ${describe(error)}` });
    if (this.#playing) this.#halt();
  }

  // ---- playback state --------------------------------------------------------------------------

  #snapshot(): PlaybackState {
    return {
      recording: this.#rec.summary,
      t: this.#t,
      playing: this.#playing,
      speed: this.#speed,
      loop: this.#loop,
      markers: this.#markers,
    };
  }

  #changed(s: PlaybackState): boolean {
    return (
      s.t !== this.#t ||
      s.playing !== this.#playing ||
      s.speed !== this.#speed ||
      s.loop !== this.#loop ||
      s.markers !== this.#markers
    );
  }

  #notify(force: boolean): void {
    if (this.#stopped) return;
    const now = this.#now();
    // While playing, the playhead moves ten times a second; a player's clock needs a few updates.
    if (!force && now - this.#lastNotify < NOTIFY_MS) return;
    if (!this.#changed(this.#notified)) return;
    this.#state = this.#changed(this.#state) ? this.#snapshot() : this.#state;
    this.#notified = this.#state;
    this.#lastNotify = now;
    for (const l of this.#playbackListeners) l(this.#state);
  }
}
