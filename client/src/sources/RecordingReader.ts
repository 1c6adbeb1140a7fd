import type {
  FleetConfig,
  FleetIndex,
  HallRef,
  HistoryResponse,
  RackBlock,
  SiteSample,
  Tick,
} from '@gigawatt/shared';
import { indexFleet } from '@gigawatt/shared';
import { type Annotation, racksTopic, siteTopic } from '@gigawatt/shared/recording';
import { historyWindows } from './historyWindows.ts';
import { HttpRangeError } from './httpRangeReadable.ts';
import type { LoadedRecording, RecordingMarkers } from './loadRecording.ts';
import type { RecordingSummary } from './PlaybackController.ts';
import type { PlaybackData } from './PlaybackData.ts';
import type { TimedAlertEvent } from './playbackMarkers.ts';
import { createRackReader, type RackReader } from './rackReader.ts';
import { type ReadWindow, readRecordedMessages } from './readRecordedMessages.ts';
import { historyFromSamples, parseHistorySeries, sitesForSeries } from './recordingHistory.ts';
import { SampleWindow } from './SampleWindow.ts';
import type { HistoryQuery, SourceEvent } from './TelemetrySource.ts';

export interface RecordingReaderHooks {
  /** More seconds were read (or a read ended): the playback may move on. */
  onProgress(): void;
  /** A read of the site channels failed; reading stops until retry() or moveTo(). */
  onError(error: unknown): void;
  /** Rack detail of a subscribed hall at the playhead. */
  onRacks(block: RackBlock): void;
}

const hallKey = (ref: HallRef): string => `${ref.site}/${ref.hall}`;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error event a failed read becomes: auth or network when the server failed, else payload. */
export function readFailure(error: unknown): SourceEvent {
  const cause = error instanceof Error ? error.cause : undefined;
  const http = error instanceof HttpRangeError ? error : cause instanceof HttpRangeError ? cause : null;
  const kind = http ? (http.status === 401 || http.status === 403 ? 'auth' : 'network') : 'payload';
  return { type: 'error', kind, message: `Playback stopped: ${describe(error)}` };
}

/**
 * The data of an opened recording that a PlaybackEngine plays: the site samples of a window around the
 * playhead (read ahead, SampleWindow), rack blocks of subscribed halls on demand, and history answers
 * computed from the file. Only a window of the file is read and held; a URL input is read with range
 * requests, never downloaded whole.
 */
export class RecordingReader implements PlaybackData {
  readonly #rec: LoadedRecording;
  readonly #hooks: RecordingReaderHooks;
  readonly #index: FleetIndex;
  readonly #siteOrder: readonly string[];
  readonly #siteTopics: readonly string[];
  readonly #rackTopics: ReadonlyMap<string, string>;
  readonly #abort = new AbortController();
  readonly #window: SampleWindow;
  readonly #racks: RackReader;
  readonly #halls = new Map<string, { ref: HallRef; count: number }>();
  /** Bumped on every reset, so a late rack read of an old position is dropped. */
  #resetGen = 0;
  /** The file's alerts and annotations: none until they are read (loadRecording reads them). */
  #markers: RecordingMarkers;
  #warnedInvalid = false;

  /** `at`: the first playhead, where reading starts. */
  constructor(rec: LoadedRecording, at: number, hooks: RecordingReaderHooks) {
    this.#rec = rec;
    this.#markers = rec.markersAtOpen ?? { alerts: [], annotations: [] };
    this.#hooks = hooks;
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
    this.#window = new SampleWindow(
      {
        read: (w) => this.#read(w),
        topics: this.#siteTopics,
        onProgress: () => hooks.onProgress(),
        onError: (error) => hooks.onError(error),
      },
      at,
    );
    this.#racks = createRackReader({
      read: (w) => this.#read(w),
      topics: () => [...this.#halls.keys()].flatMap((k) => this.#rackTopics.get(k) ?? []),
      generation: () => this.#resetGen,
      deliver: (block, gen) => {
        // A block read for a position a seek has since left would show the wrong moment.
        if (gen === this.#resetGen && this.#halls.has(hallKey(block))) this.#hooks.onRacks(block);
      },
    });
  }

  get summary(): RecordingSummary {
    return this.#rec.summary;
  }

  get fleet(): FleetConfig {
    return this.#rec.fleet;
  }

  get alerts(): readonly TimedAlertEvent[] {
    return this.#markers.alerts;
  }

  /** The annotations the file holds. */
  get annotations(): readonly Annotation[] {
    return this.#markers.annotations;
  }

  /** The markers once read in the background (the engine is told separately). */
  setMarkers(markers: RecordingMarkers): void {
    this.#markers = markers;
  }

  /** Whether the file has rack detail of halls in the fleet. */
  get hasRackDetail(): boolean {
    return this.#rackTopics.size > 0;
  }

  /** Bytes fetched so far for a URL input (0 for bytes in memory). */
  get bytesFetched(): number {
    return this.#rec.readable?.bytesFetched ?? 0;
  }

  /** Aborted once the reader is closed. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  // ---- PlaybackData ----------------------------------------------------------------------------

  get through(): number {
    return this.#window.through;
  }

  ticks(first: number, last: number): { ticks: Tick[]; last: number } | null {
    const through = this.#window.through;
    const ticks: Tick[] = [];
    let shown: number | null = null;
    for (let s = first; s <= last && s <= through; s += 1000) {
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
    return shown === null ? null : { ticks, last: shown };
  }

  readAhead(t: number, ahead: number): void {
    this.#window.ensure(t, ahead, this.#rec.summary.end);
  }

  moveTo(t: number): void {
    this.#resetGen++;
    this.#window.moveTo(t);
  }

  retry(): void {
    this.#window.retry();
  }

  shown(t: number): void {
    if (this.#halls.size > 0) this.#racks.request(t);
    // Seconds behind the playhead are never shown again without a reset (which re-reads).
    this.#window.dropBefore(t);
  }

  // ---- rack detail and history -----------------------------------------------------------------

  /** Reference-counted rack subscription; `shown` (the playhead, if shown) is read at once. */
  subscribeHall(ref: HallRef, shown: number | null): () => void {
    const key = hallKey(ref);
    const entry = this.#halls.get(key);
    if (entry) entry.count++;
    else {
      this.#halls.set(key, { ref, count: 1 });
      // Show the hall at the playhead at once, also while paused.
      if (shown !== null) this.#racks.request(shown);
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

  /** Resolves once no read is in flight. */
  async idle(): Promise<void> {
    await this.#rec.markers;
    while (this.#window.reading || this.#racks.reading) {
      await Promise.all([this.#window.reading, this.#racks.reading]);
    }
  }

  close(): void {
    this.#abort.abort();
    this.#rec.readable?.abort();
    this.#window.close();
    this.#racks.close();
  }

  #read(window: ReadWindow) {
    return readRecordedMessages(this.#rec.opened, this.#rec.channels, window, (e) => {
      if (!this.#warnedInvalid) console.warn(`[gigawatt] skipped an invalid message: ${e.message}`);
      this.#warnedInvalid = true;
    });
  }
}
