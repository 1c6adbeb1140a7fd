import {
  type FleetConfig,
  type FleetIndex,
  type HallRef,
  type HistoryResponse,
  indexFleet,
  type RackBlock,
  type SiteSample,
  type Tick,
} from '@gigawatt/shared';
import {
  type Annotation,
  annotationSchema,
  asRecordingError,
  type OpenedRecording,
  openRecording,
  RecordingError,
  type RecordingLevel,
  type RecordingMetadata,
  racksTopic,
  restrictFleet,
  siteTopic,
} from '@gigawatt/shared/recording';
import { z } from 'zod';
import { fleetOfRecording } from './fleetOfRecording.ts';
import {
  HttpRangeError,
  type HttpRangeReadable,
  httpRangeReadable,
  type RecordingReadable,
} from './httpRangeReadable.ts';
import {
  MAX_SPEED,
  MIN_SPEED,
  type PlaybackController,
  type PlaybackMarker,
  type PlaybackState,
  type RecordingSummary,
} from './PlaybackController.ts';
import { alertsActiveAt, playbackMarkers, type TimedAlertEvent, wholeSecond } from './playbackMarkers.ts';
import { defaultPlaybackTimer, type PlaybackTimer } from './playbackTimer.ts';
import {
  type ChannelTopics,
  channelTopics,
  type ReadWindow,
  readRecordedMessages,
} from './readRecordedMessages.ts';
import { historyFromSamples, parseHistorySeries, sitesForSeries } from './recordingHistory.ts';
import type {
  HistoryQuery,
  SourceCapability,
  SourceEvent,
  SourceListener,
  SourceStatus,
  TelemetrySource,
} from './TelemetrySource.ts';

/** A recording on the server (read with range requests) or a file dropped on the page. */
export type RecordingInput =
  | { kind: 'url'; url: string; id?: string; token?: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string };

export interface RecordingSourceOptions {
  /** The fleet to render with when the file carries none (normally the server's /api/fleet). */
  fallbackFleet?: FleetConfig;
  fetch?: typeof fetch;
  /** Origin of the server for the annotations API; empty for the page's own origin. */
  baseUrl?: string;
  /** Viewer token for the file and the annotations (a URL input's own token wins). */
  token?: string;
  /** First playhead (ms; clamped to the recording, floored to a second). Default: its start. */
  startAt?: number;
  /** Initial speed (clamped to [MIN_SPEED, MAX_SPEED]). Default 1. */
  speed?: number;
  /** Wall clock. */
  now?: () => number;
  timer?: PlaybackTimer;
  /** Range-reader tuning (tests, bench). */
  blockSize?: number;
  maxBlocks?: number;
}

/** Frames per second of the playback loop while playing. */
const FRAME_MS = 100;
/** onPlayback listeners hear about a moving playhead at most this often. */
const NOTIFY_MS = 250;
/** Recording time read ahead of the playhead, at least… */
const MIN_AHEAD_MS = 60_000;
/** …and at least this much wall time at the current speed, so 100× playback never waits on a read. */
const AHEAD_WALL_MS = 10_000;
/** A rack block is shown if it is at most this old at the playhead (rack recorders may skip seconds). */
const RACK_LOOKBACK_MS = 10_000;
/** Forward steps up to this far play through (no reset, charts keep their data). */
const STEP_THROUGH_MAX_MS = 60_000;

const hallKey = (ref: HallRef): string => `${ref.site}/${ref.hall}`;
const annotationsBodySchema = z.object({ annotations: z.array(annotationSchema) });

/**
 * The fleet to render with (fleetOfRecording: the file's own, else the fallback cut to the recorded
 * sites), cut to the sites the file has data for when the file has no metadata to name them.
 */
function fleetFor(
  metadata: RecordingMetadata | undefined,
  fileSites: readonly string[],
  fallback: FleetConfig | undefined,
): FleetConfig {
  const resolved = fleetOfRecording(metadata, fallback);
  if (!resolved.fleet) throw new RecordingError('invalid-input', resolved.reason);
  const fleet = metadata ? resolved.fleet : restrictFleet(resolved.fleet, fileSites);
  if (fleet.sites.length === 0) {
    throw new RecordingError(
      'invalid-input',
      `the recording's sites (${fileSites.join(', ')}) are not in the fleet configuration`,
    );
  }
  return fleet;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file problem stays a RecordingError (its code kept), prefixed with the file's name. */
function openError(error: unknown, name: string): Error {
  if (error instanceof HttpRangeError) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof HttpRangeError) return cause;
  const e = asRecordingError(error, 'corrupt', `cannot open "${name}"`);
  return e;
}

function nameOf(input: RecordingInput, metadata: RecordingMetadata | undefined): string {
  if (metadata) return metadata.name;
  if (input.kind === 'bytes') return input.name;
  if (input.id) return input.id;
  return decodeURIComponent(input.url.split(/[?#]/)[0]?.split('/').pop() ?? '') || input.url;
}

interface Init {
  input: RecordingInput;
  opened: OpenedRecording;
  readable: HttpRangeReadable | undefined;
  fleet: FleetConfig;
  summary: RecordingSummary;
  alerts: TimedAlertEvent[];
  annotations: Annotation[];
  opts: RecordingSourceOptions;
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

  readonly #input: RecordingInput;
  readonly #opened: OpenedRecording;
  readonly #readable: HttpRangeReadable | undefined;
  readonly #channels: ChannelTopics;
  readonly #fleet: FleetConfig;
  readonly #index: FleetIndex;
  readonly #siteOrder: readonly string[];
  readonly #siteTopics: readonly string[];
  readonly #rackTopics: ReadonlyMap<string, string>;
  readonly #summary: RecordingSummary;
  readonly #alerts: readonly TimedAlertEvent[];
  readonly #fileAnnotations: readonly Annotation[];
  #markers: readonly PlaybackMarker[];
  readonly #opts: RecordingSourceOptions;
  readonly #now: () => number;
  readonly #timer: PlaybackTimer;
  readonly #abort = new AbortController();

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
  /** The clock sent with the last hello drifted from the playhead (a read stalled playback). */
  #resync = false;

  /** Last second handed to the views since the last reset; null right after one. */
  #shown: number | null = null;
  /** Bumped on every reset, so late rack reads of an old position are dropped. */
  #resetGen = 0;

  // The window of site samples read so far: every second in [loadedFrom, loadedThrough] is complete.
  #samples = new Map<number, Map<string, SiteSample>>();
  #loadedFrom = 0;
  #loadedThrough = 0;
  #loading: Promise<void> | null = null;
  /** Bumped when the window is dropped (a seek away from it): an older read stops and is discarded. */
  #dataGen = 0;
  #readFailed = false;

  readonly #halls = new Map<string, { ref: HallRef; count: number }>();
  #rackWanted: number | null = null;
  #rackReading: Promise<void> | null = null;

  readonly #playbackListeners = new Set<(state: PlaybackState) => void>();
  #state: PlaybackState;
  /** The state listeners last heard. */
  #notified: PlaybackState;
  #lastNotify = Number.NEGATIVE_INFINITY;
  #warnedInvalid = false;

  /**
   * Opens a recording: reads its header, index and metadata (a few requests for a URL), its alerts
   * and annotations (small channels, for the markers), and resolves the fleet to render it with.
   * Rejects with a RecordingError for a file that is not a usable recording (not MCAP, cut short,
   * empty, no telemetry) and an HttpRangeError when the server cannot serve it.
   */
  static async open(input: RecordingInput, opts: RecordingSourceOptions = {}): Promise<RecordingSource> {
    const label = input.kind === 'bytes' ? input.name : (input.id ?? input.url);
    let readable: HttpRangeReadable | undefined;
    let opened: OpenedRecording;
    let sizeBytes: number;
    try {
      let data: RecordingReadable | Uint8Array;
      if (input.kind === 'url') {
        const token = input.token ?? opts.token;
        readable = httpRangeReadable(input.url, {
          ...(token ? { token } : {}),
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
          ...(opts.blockSize ? { blockSize: opts.blockSize } : {}),
          ...(opts.maxBlocks ? { maxBlocks: opts.maxBlocks } : {}),
        });
        data = readable;
        sizeBytes = Number(await readable.size());
      } else {
        data = input.bytes;
        sizeBytes = input.bytes.byteLength;
      }
      if (sizeBytes === 0) throw new RecordingError('truncated', 'the file is empty (0 bytes)');
      opened = await openRecording(data);
    } catch (error) {
      readable?.abort();
      throw openError(error, label);
    }
    try {
      return await RecordingSource.#build(input, opts, opened, readable, sizeBytes);
    } catch (error) {
      readable?.abort();
      throw openError(error, label);
    }
  }

  static async #build(
    input: RecordingInput,
    opts: RecordingSourceOptions,
    opened: OpenedRecording,
    readable: HttpRangeReadable | undefined,
    sizeBytes: number,
  ): Promise<RecordingSource> {
    if (opened.startTime === undefined || opened.endTime === undefined) {
      throw new RecordingError(
        'truncated',
        'the recording holds no messages (stopped before its first second?)',
      );
    }
    const fileSites = opened.topics.flatMap((t) => (t.kind === 'site' && t.site ? [t.site] : []));
    if (fileSites.length === 0) {
      throw new RecordingError(
        'invalid-input',
        'the file holds no Gigawatt site telemetry (no /site/<id> channel)',
      );
    }
    const meta = opened.metadata;
    const fleet = fleetFor(meta, fileSites, opts.fallbackFleet);
    const channels = channelTopics(opened);
    const alerts: TimedAlertEvent[] = [];
    const annotations: Annotation[] = [];
    const small = opened.topics
      .filter((t) => t.kind === 'alert' || t.kind === 'annotation')
      .map((t) => t.topic);
    const window = { from: opened.startTime, to: opened.endTime, topics: small };
    const warn = (e: RecordingError) => console.warn(`[gigawatt] ${e.message}`);
    try {
      for await (const m of readRecordedMessages(opened, channels, window, warn)) {
        if (m.kind === 'alert') alerts.push({ t: wholeSecond(m.t), event: m.event });
        else if (m.kind === 'annotation') annotations.push(m.annotation);
      }
    } catch (error) {
      // One damaged chunk costs the markers after it, not the whole recording; playback reports it
      // again if the playhead gets there. A server that stops answering is another matter.
      if (error instanceof RecordingError && !(error.cause instanceof HttpRangeError)) {
        console.warn(`[gigawatt] some alerts and notes of the recording are unreadable: ${error.message}`);
      } else throw error;
    }
    const hasRacks = opened.topics.some((t) => t.kind === 'racks');
    const guessedLevel: RecordingLevel = hasRacks ? 'rack' : 'hall';
    const summary: RecordingSummary = {
      id: input.kind === 'url' ? input.id : undefined,
      name: nameOf(input, meta),
      start: wholeSecond(opened.startTime),
      end: wholeSecond(opened.endTime),
      level: meta?.level ?? guessedLevel,
      sites: fleet.sites.map((s) => s.id),
      sizeBytes,
    };
    return new RecordingSource({ input, opened, readable, fleet, summary, alerts, annotations, opts });
  }

  private constructor(init: Init) {
    this.#input = init.input;
    this.#opened = init.opened;
    this.#readable = init.readable;
    this.#channels = channelTopics(init.opened);
    this.#fleet = init.fleet;
    this.#index = indexFleet(init.fleet);
    this.#siteOrder = init.fleet.sites.map((s) => s.id);
    const topics = new Set(init.opened.topics.map((t) => t.topic));
    this.#siteTopics = this.#siteOrder.map(siteTopic).filter((t) => topics.has(t));
    const racks = new Map<string, string>();
    for (const t of init.opened.topics) {
      if (t.kind === 'racks' && t.site && t.hall && this.#index.hall(t.site, t.hall)) {
        racks.set(hallKey({ site: t.site, hall: t.hall }), racksTopic(t.site, t.hall));
      }
    }
    this.#rackTopics = racks;
    const caps: SourceCapability[] = ['seek', 'playback', 'history'];
    if (racks.size > 0) caps.push('rackDetail');
    this.capabilities = new Set(caps);
    this.#summary = init.summary;
    this.#alerts = init.alerts;
    this.#fileAnnotations = init.annotations;
    this.#markers = playbackMarkers(init.alerts, init.annotations);
    this.#opts = init.opts;
    this.#now = init.opts.now ?? Date.now;
    this.#timer = init.opts.timer ?? defaultPlaybackTimer;
    this.#speed = clampSpeed(init.opts.speed ?? 1);
    this.#t = this.#clamp(init.opts.startAt ?? init.summary.start);
    this.#loadedFrom = this.#t;
    this.#loadedThrough = this.#t - 1000;
    this.#state = this.#snapshot();
    this.#notified = this.#state;
  }

  // ---- TelemetrySource -------------------------------------------------------------------------

  get status(): SourceStatus {
    return 'replay';
  }

  /** The fleet the recording is rendered with (the file's own, or the fallback cut to its sites). */
  get fleet(): FleetConfig {
    return this.#fleet;
  }

  /** Bytes fetched so far for a URL input (0 for bytes in memory). */
  get bytesFetched(): number {
    return this.#readable?.bytesFetched ?? 0;
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
    this.#readable?.abort();
    this.#samples.clear();
  }

  subscribeHall(ref: HallRef): () => void {
    const key = hallKey(ref);
    const entry = this.#halls.get(key);
    if (entry) entry.count++;
    else {
      this.#halls.set(key, { ref, count: 1 });
      // Show the hall at the playhead at once, also while paused.
      if (this.#shown !== null) this.#requestRacks(this.#shown);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const e = this.#halls.get(key);
      if (e && --e.count <= 0) this.#halls.delete(key);
    };
  }

  async fetchHistory(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryResponse> {
    const refs = parseHistorySeries(query.series, this.#index);
    const from = Math.max(query.from, this.#summary.start);
    const to = Math.min(query.to, this.#summary.end + 999);
    const have = new Set(this.#siteTopics);
    const topics = sitesForSeries(refs, this.#index)
      .map(siteTopic)
      .filter((t) => have.has(t));
    const stopSignal = this.#abort.signal;
    const samples = async function* (source: RecordingSource): AsyncGenerator<SiteSample> {
      for await (const m of source.#read({ from, to, topics })) {
        if (stopSignal.aborted || signal?.aborted) break;
        if (m.kind === 'site') yield m.sample;
      }
    };
    const res = await historyFromSamples(samples(this), query, { from, to }, this.#index, signal);
    if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
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
    if (this.#t >= this.#summary.end && !this.#loop) this.#seekTo(this.#summary.start);
    this.#readFailed = false;
    this.#playing = true;
    this.#anchorPos = this.#t;
    this.#anchorWall = this.#now();
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
    if (this.#playing) {
      this.#anchorPos = this.#position();
      this.#anchorWall = this.#now();
    }
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
    // A server without the annotations API (or a recording it no longer lists): the file's notes stand.
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
    const byId = new Map(this.#fileAnnotations.map((a) => [a.id, a]));
    for (const a of parsed.data.annotations) byId.set(a.id, a);
    this.#markers = playbackMarkers(this.#alerts, [...byId.values()]);
    this.#notify(true);
  }

  /** Resolves once no read is in flight (tests and screenshots wait for a settled screen). */
  async idle(): Promise<void> {
    while (this.#loading || this.#rackReading) {
      await Promise.all([this.#loading, this.#rackReading]);
    }
  }

  // ---- playback internals ----------------------------------------------------------------------

  #emit(event: SourceEvent): void {
    this.#listener?.(event);
  }

  #clamp(t: number): number {
    return Math.min(this.#summary.end, Math.max(this.#summary.start, wholeSecond(t)));
  }

  #position(): number {
    return this.#anchorPos + (this.#now() - this.#anchorWall) * this.#speed;
  }

  #hello(): void {
    this.#emit({
      type: 'hello',
      fleet: this.#fleet,
      serverTime: this.#t,
      lastSeq: this.#t / 1000,
      alerts: alertsActiveAt(this.#alerts, this.#t),
      clockRate: this.#playing ? this.#speed : 0,
    });
    if (this.#playing) {
      // The store's clock starts at the playhead now: keep the source's clock in step with it.
      this.#anchorPos = this.#t;
      this.#anchorWall = this.#now();
    }
  }

  #halt(): void {
    this.#playing = false;
    this.#cancelFrame?.();
    this.#cancelFrame = null;
    this.#hello();
    this.#notify(true);
  }

  #seekTo(t: number): void {
    const target = this.#clamp(t);
    this.#t = target;
    this.#shown = null;
    this.#resetGen++;
    if (target < this.#loadedFrom || target > this.#loadedThrough) {
      this.#samples.clear();
      this.#dataGen++;
      this.#loadedFrom = target;
      this.#loadedThrough = target - 1000;
    }
    this.#readFailed = false;
    this.#resync = false;
    this.#emit({ type: 'reset' });
    this.#hello();
    this.#catchUp();
    this.#pump();
  }

  #scheduleFrame(): void {
    this.#cancelFrame?.();
    this.#cancelFrame = this.#timer(() => {
      this.#cancelFrame = null;
      if (!this.#playing || this.#stopped) return;
      this.#advance();
      if (this.#playing) this.#scheduleFrame();
    }, FRAME_MS);
  }

  /** Moves the playhead to where the wall clock says it is, within what has been read. */
  #advance(): void {
    if (!this.#playing) return;
    const end = this.#summary.end;
    let target = wholeSecond(this.#position());
    const loop = this.#loop;
    if (loop && target > loop.to) {
      this.#seekTo(loop.from);
      this.#notify(true);
      return;
    }
    target = Math.min(target, end);
    if (target > this.#loadedThrough) {
      // The read is behind: hold the playhead where the data ends and let the clock wait for it.
      target = Math.max(this.#t, Math.min(target, this.#loadedThrough));
      this.#anchorPos = target;
      this.#anchorWall = this.#now();
      this.#resync = true;
    } else if (this.#resync && target > this.#t) {
      this.#resync = false;
      this.#t = target;
      this.#hello();
    }
    this.#t = Math.max(this.#t, target);
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
    let s = before === null ? this.#t : before + 1000;
    const ticks: Tick[] = [];
    let shown = before;
    for (; s <= this.#t && s <= this.#loadedThrough; s += 1000) {
      shown = s;
      const bySite = this.#samples.get(s);
      if (!bySite) continue;
      const sites: SiteSample[] = [];
      for (const id of this.#siteOrder) {
        const sample = bySite.get(id);
        if (sample) sites.push(sample);
      }
      if (sites.length > 0) ticks.push({ t: s, seq: s / 1000, sites });
    }
    if (shown === before || shown === null) return;
    this.#shown = shown;
    if (ticks.length > 0) this.#emit({ type: 'ticks', ticks });
    // The hello carried the alerts open at the playhead; after it, the events crossed.
    const crossedFrom = before === null ? this.#t : before;
    for (const a of this.#alerts) {
      if (a.t > shown) break;
      if (a.t > crossedFrom) this.#emit({ type: 'alert', event: a.event });
    }
    if (this.#halls.size > 0) this.#requestRacks(shown);
    // Seconds behind the playhead are never shown again without a reset (which re-reads): drop them.
    for (const k of this.#samples.keys()) {
      if (k >= shown) break;
      this.#samples.delete(k);
    }
    this.#loadedFrom = Math.max(this.#loadedFrom, shown);
  }

  // ---- reading ---------------------------------------------------------------------------------

  #read(window: ReadWindow) {
    return readRecordedMessages(this.#opened, this.#channels, window, (e) => {
      if (!this.#warnedInvalid) console.warn(`[gigawatt] skipped an invalid message: ${e.message}`);
      this.#warnedInvalid = true;
    });
  }

  /** Starts the next read-ahead window if the playhead is getting close to the end of what was read. */
  #pump(): void {
    if (this.#loading || this.#stopped || this.#readFailed || !this.#started) return;
    const ahead = this.#playing ? Math.max(MIN_AHEAD_MS, this.#speed * AHEAD_WALL_MS) : MIN_AHEAD_MS;
    const through = this.#loadedThrough;
    if (through >= this.#summary.end || through >= this.#t + ahead / 2) return;
    const from = Math.max(through + 1000, this.#t);
    const to = Math.min(this.#summary.end, from + ahead);
    const gen = this.#dataGen;
    this.#loading = this.#loadWindow(from, to, gen).finally(() => {
      this.#loading = null;
      if (this.#stopped) return;
      this.#catchUp();
      this.#pump();
    });
  }

  async #loadWindow(from: number, to: number, gen: number): Promise<void> {
    let last = from - 1000;
    const current = () => gen === this.#dataGen && !this.#stopped;
    try {
      for await (const m of this.#read({ from, to: to + 999, topics: this.#siteTopics })) {
        if (!current()) return;
        if (m.kind !== 'site') continue;
        const s = wholeSecond(m.t);
        if (s > last) {
          // Messages come in time order: every second before this one is complete.
          if (s - 1000 > this.#loadedThrough) {
            this.#loadedThrough = s - 1000;
            if (this.#shown === null || this.#shown < this.#t) this.#catchUp();
          }
          last = s;
        }
        let bySite = this.#samples.get(s);
        if (!bySite) {
          bySite = new Map();
          this.#samples.set(s, bySite);
        }
        bySite.set(m.sample.site, m.sample);
      }
      if (current()) this.#loadedThrough = Math.max(this.#loadedThrough, to);
    } catch (error) {
      if (!current()) return;
      this.#readFailed = true;
      const kind =
        error instanceof HttpRangeError
          ? error.status === 401 || error.status === 403
            ? 'auth'
            : 'network'
          : error instanceof RecordingError && error.cause instanceof HttpRangeError
            ? 'network'
            : 'payload';
      this.#emit({ type: 'error', kind, message: `Playback stopped: ${describe(error)}` });
      if (this.#playing) this.#halt();
    }
  }

  #requestRacks(t: number): void {
    if (this.#rackTopics.size === 0) return;
    this.#rackWanted = t;
    this.#rackReading ??= this.#readRacks().finally(() => {
      this.#rackReading = null;
    });
  }

  /** Reads the newest rack block at or before the wanted second for every subscribed hall. */
  async #readRacks(): Promise<void> {
    while (this.#rackWanted !== null && !this.#stopped) {
      const t = this.#rackWanted;
      this.#rackWanted = null;
      const gen = this.#resetGen;
      const wanted = [...this.#halls.keys()].flatMap((k) => {
        const topic = this.#rackTopics.get(k);
        return topic ? [topic] : [];
      });
      if (wanted.length === 0) continue;
      const newest = new Map<string, RackBlock>();
      try {
        for await (const m of this.#read({ from: t - RACK_LOOKBACK_MS, to: t + 999, topics: wanted })) {
          if (this.#stopped) return;
          if (m.kind === 'racks') newest.set(hallKey(m.block), m.block);
        }
      } catch (error) {
        console.warn(`[gigawatt] cannot read rack detail: ${describe(error)}`);
        continue;
      }
      // A block read for a position a seek has since left would show the wrong moment.
      if (gen !== this.#resetGen) continue;
      for (const [key, block] of newest) {
        if (this.#halls.has(key)) this.#emit({ type: 'racks', block });
      }
    }
  }

  // ---- playback state --------------------------------------------------------------------------

  #snapshot(): PlaybackState {
    return {
      recording: this.#summary,
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
    // While playing, the playhead moves ten times a second; the player's clock needs a few updates.
    if (!force && now - this.#lastNotify < NOTIFY_MS) return;
    if (!this.#changed(this.#notified)) return;
    this.#state = this.#changed(this.#state) ? this.#snapshot() : this.#state;
    this.#notified = this.#state;
    this.#lastNotify = now;
    for (const l of this.#playbackListeners) l(this.#state);
  }
}

function clampSpeed(speed: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}
