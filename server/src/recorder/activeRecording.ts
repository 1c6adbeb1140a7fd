import type { AlertEvent, RackBlock, SiteSample } from '@gigawatt/shared';
import {
  type Annotation,
  createRecordingWriter,
  type RecordingInfo,
  type RecordingMetadata,
  type RecordingWriter,
} from '@gigawatt/shared/recording';
import type { RecordingSink } from './fileSink.ts';
import type { RecordingFiles } from './recordingFiles.ts';

export interface ActiveRecordingOptions {
  info: RecordingInfo;
  files: RecordingFiles;
  sink: RecordingSink;
  metadata: RecordingMetadata;
  /** Queued bytes beyond which messages are dropped (the disk cannot keep up). */
  maxQueueBytes: number;
}

export type WriteOutcome = 'written' | 'skipped' | 'dropped';

/**
 * One recording being written: its writer, its file, and which messages its scope takes. Site level
 * keeps SiteSamples without halls; rack level adds the rack blocks of the chosen sites or halls.
 */
export class ActiveRecording {
  readonly files: RecordingFiles;
  readonly sink: RecordingSink;
  readonly writer: RecordingWriter;
  readonly #info: RecordingInfo;
  readonly #maxQueueBytes: number;
  readonly #sites: ReadonlySet<string> | undefined;
  readonly #halls: ReadonlySet<string> | undefined;
  dropped = 0;
  /**
   * Annotations written so far: a running file has no index to read them back from, so
   * GET …/annotations answers from here until the file is finished.
   */
  readonly annotations: Annotation[] = [];
  /** Set once a write failed and the recorder has stopped this recording. */
  failed = false;

  constructor(options: ActiveRecordingOptions) {
    this.#info = options.info;
    this.files = options.files;
    this.sink = options.sink;
    this.#maxQueueBytes = options.maxQueueBytes;
    const { sites, halls } = options.info.scope;
    this.#sites =
      sites || halls ? new Set([...(sites ?? []), ...(halls ?? []).map((h) => h.site)]) : undefined;
    this.#halls = halls ? new Set(halls.map((h) => `${h.site}/${h.hall}`)) : undefined;
    this.writer = createRecordingWriter({ writable: options.sink, metadata: options.metadata });
  }

  get id(): string {
    return this.#info.id;
  }

  get kind(): RecordingInfo['kind'] {
    return this.#info.kind;
  }

  /** The sidecar as of now: size, message count and time span follow the writer. */
  info(state: RecordingInfo['state'] = 'recording', error?: string): RecordingInfo {
    const s = this.writer.stats;
    return {
      ...this.#info,
      start: s.startTime ?? this.#info.start,
      ...(s.endTime === undefined ? {} : { end: s.endTime }),
      ...(state === 'recording' && s.flushedEndTime !== undefined ? { flushedEnd: s.flushedEndTime } : {}),
      size: s.bytes,
      messages: s.messages,
      state,
      ...(error === undefined ? {} : { error: error.slice(0, 500) }),
    };
  }

  takesSite(site: string): boolean {
    return this.#sites === undefined || this.#sites.has(site);
  }

  takesRacks(site: string, hall: string): boolean {
    if (this.#info.level !== 'rack') return false;
    return this.#halls ? this.#halls.has(`${site}/${hall}`) : this.takesSite(site);
  }

  writeSample(sample: SiteSample): WriteOutcome {
    if (!this.takesSite(sample.site)) return 'skipped';
    return this.#write((w) => w.writeSample(this.#info.level === 'site' ? { ...sample, halls: [] } : sample));
  }

  writeRacks(block: RackBlock): WriteOutcome {
    if (!this.takesRacks(block.site, block.hall)) return 'skipped';
    return this.#write((w) => w.writeRacks(block));
  }

  writeAlert(event: AlertEvent, t: number): WriteOutcome {
    // A fleet-wide alert (the recorder itself failing) belongs in every recording.
    const site = event.alert.scope.site;
    if (site !== undefined && !this.takesSite(site)) return 'skipped';
    return this.#write((w) => w.writeAlert(event, t));
  }

  writeAnnotation(annotation: Annotation): WriteOutcome {
    const outcome = this.#write((w) => w.writeAnnotation(annotation));
    if (outcome === 'written') this.annotations.push(annotation);
    return outcome;
  }

  #write(f: (w: RecordingWriter) => void): WriteOutcome {
    // Bounded memory: when the disk falls behind, drop (and count) rather than queue without limit.
    if (this.writer.stats.pendingBytes > this.#maxQueueBytes) {
      this.dropped++;
      return 'dropped';
    }
    f(this.writer);
    return 'written';
  }
}
