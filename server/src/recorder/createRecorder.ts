import { rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AlertEvent, FleetConfig, RackBlock, SiteSample } from '@gigawatt/shared';
import { describeZodError } from '@gigawatt/shared';
import {
  ANNOTATIONS_TOPIC,
  type Annotation,
  annotationSchema,
  type CaptureRequest,
  captureRequestSchema,
  openRecording,
  RecordingError,
  type RecordingInfo,
  type RecordingScope,
  recordingInfoSchema,
} from '@gigawatt/shared/recording';
import { ActiveRecording, type WriteOutcome } from './activeRecording.ts';
import { appendAnnotations } from './appendAnnotation.ts';
import { compactRecordingFile } from './compactRecordingFile.ts';
import { openFileReadable } from './fileReadable.ts';
import { type OpenSink, openFileSink } from './fileSink.ts';
import { inspectIncoming } from './inspectIncoming.ts';
import { loadRecordings } from './loadRecordings.ts';
import { metadataOf } from './metadataOf.ts';
import { RecorderError } from './recorderError.ts';
import { incomingPath, newRecordingId, recordingFiles, recordingsDir } from './recordingFiles.ts';
import { selectExpired } from './selectExpired.ts';
import { writeSidecar } from './sidecarFile.ts';

export interface RecorderOptions {
  dataDir: string;
  /** Sites and halls: the always-on recorder's scope, and what capture scopes are checked against. */
  fleet: FleetConfig;
  /** Length of an always-on segment (default 1 h); segments are cut on multiples of it. */
  segmentMs?: number;
  /** Retention of always-on segments: total bytes (default 2 GiB) and age (default 7 days). */
  maxBytes?: number;
  maxAgeMs?: number;
  /** How often the open chunk is closed and written (default 1 s: a crash loses at most that). */
  flushMs?: number;
  /** Bytes a recording may have queued for the disk before messages are dropped (default 64 MiB). */
  maxQueueBytes?: number;
  /** A capture stops by itself past this size (default 8 GiB), so a forgotten one cannot fill the disk. */
  maxCaptureBytes?: number;
  maxCaptures?: number;
  /** After a write error, the always-on recorder waits this long before a new segment (default 60 s). */
  retryMs?: number;
  /** Record site + hall level all the time (default true). */
  alwaysOn?: boolean;
  now?: () => number;
  onEvent?: (event: RecorderEvent) => void;
  /** After an annotation was written into these recordings (PostgreSQL keeps a copy: scale-out). */
  onAnnotation?: (annotation: Annotation, recordings: string[]) => void;
  /** Opens a recording's byte sink; tests inject failing disks here. */
  openSink?: OpenSink;
  /** The metadata "source" of files this recorder writes. */
  source?: string;
}

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

const HOUR = 3_600_000;
const MAX_CAPTURES = 8;
const RETENTION_EVERY_MS = 10 * 60_000;
/** How far past the server's now a note on a running recording may be dated (the client's clock). */
const ANNOTATION_SKEW_MS = 60_000;

/**
 * Records what the server ingests into MCAP files under `<dataDir>/recordings/`: an always-on recorder
 * at site + hall level in rolling segments, and named on-demand captures that add rack level. Writing
 * never blocks or breaks the live path: messages are added to an in-memory chunk, a timer closes the
 * chunk every second and the bytes go to disk asynchronously; a failing disk stops the recording
 * concerned (with an event) and nothing else.
 */
export async function createRecorder(options: RecorderOptions): Promise<Recorder> {
  const {
    dataDir,
    fleet,
    segmentMs = HOUR,
    maxBytes = 2 * 1024 ** 3,
    maxAgeMs = 7 * 24 * HOUR,
    flushMs = 1000,
    maxQueueBytes = 64 * 1024 ** 2,
    maxCaptureBytes = 8 * 1024 ** 3,
    maxCaptures = MAX_CAPTURES,
    retryMs = 60_000,
    now = Date.now,
    openSink = openFileSink,
    source = 'gigawatt-server',
  } = options;
  const emit = (event: RecorderEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not stop recording.
    }
  };
  const clock = () => Math.floor(now());
  let alwaysOn = options.alwaysOn ?? true;

  const infos = new Map<string, RecordingInfo>();
  for (const info of await loadRecordings(dataDir, { fleet, source, emit })) infos.set(info.id, info);

  const active = new Map<string, ActiveRecording>();
  let segment: { rec: ActiveRecording; endsAt: number } | undefined;
  let segmentRetryAt = 0;
  let dropped = 0;
  let writeErrors = 0;
  let closing = false;
  const background = new Set<Promise<unknown>>();
  /**
   * Set by a write failure; a recording opened after it that then reaches the disk shows the disk
   * works again ('resumed'). Recordings that were already open say nothing about it either way.
   */
  let failing = false;
  const openedSinceFailure = new Set<ActiveRecording>();
  /** Annotations of recordings that failed this run: their files have no index until recovered. */
  const failedNotes = new Map<string, Annotation[]>();
  const locks = new Map<string, Promise<unknown>>();

  /** One file operation at a time per recording (finish, compact, append, delete). */
  const withLock = <T>(id: string, f: () => Promise<T>): Promise<T> => {
    const prev = locks.get(id) ?? Promise.resolve();
    const next = prev.then(f, f);
    const settled = next.catch(() => {});
    locks.set(id, settled);
    void settled.then(() => {
      if (locks.get(id) === settled) locks.delete(id);
    });
    return next;
  };
  const track = (p: Promise<unknown>) => {
    const done = p.catch((error: unknown) => emit({ type: 'warning', message: String(error) }));
    background.add(done);
    void done.finally(() => background.delete(done));
  };
  const saveSidecar = (info: RecordingInfo) => writeSidecar(recordingFiles(dataDir, info.id).sidecar, info);

  function open(
    kind: RecordingInfo['kind'],
    name: string,
    level: RecordingInfo['level'],
    scope: RecordingScope,
  ) {
    const created = clock();
    const id = newRecordingId(kind, created);
    const files = recordingFiles(dataDir, id);
    const info: RecordingInfo = {
      id,
      kind,
      name,
      level,
      scope,
      start: created,
      size: 0,
      messages: 0,
      state: 'recording',
      created,
    };
    // The sidecar goes first: a crash before the first byte of .mcap still leaves a record to recover.
    const sidecarWritten = saveSidecar(info);
    const inner = openSink(files.mcap);
    const sink = {
      write: async (bytes: Uint8Array) => {
        await sidecarWritten;
        return inner.write(bytes);
      },
      close: () => inner.close(),
    };
    const metadata = metadataOf(info, fleet, source);
    const rec = new ActiveRecording({ info, files, sink, metadata, maxQueueBytes });
    active.set(id, rec);
    infos.set(id, rec.info());
    if (failing) openedSinceFailure.add(rec);
    return rec;
  }

  /** A write failed: this recording stops, everything else goes on. */
  function fail(rec: ActiveRecording, error: unknown) {
    if (rec.failed) return;
    rec.failed = true;
    active.delete(rec.id);
    if (segment?.rec === rec) {
      segment = undefined;
      segmentRetryAt = clock() + retryMs;
    }
    writeErrors++;
    failing = true;
    openedSinceFailure.clear();
    failedNotes.set(rec.id, rec.annotations);
    const message = error instanceof Error ? error.message : String(error);
    const info = rec.info('failed', message);
    infos.set(rec.id, info);
    emit({ type: 'error', id: rec.id, kind: rec.kind, error: message });
    // The file keeps what reached the disk; start-up recovery turns it into an indexed file. The sidecar
    // may not be writable either (disk full): then it still says "recording", which recovery also handles.
    track(
      withLock(rec.id, async () => {
        await rec.sink.close().catch(() => {});
        await saveSidecar(info).catch(() => {});
      }),
    );
  }

  /** `rec` has just reached the disk: after a failure, that is the news that recording works again. */
  function noteWritten(rec: ActiveRecording) {
    if (!failing || !openedSinceFailure.has(rec)) return;
    failing = false;
    openedSinceFailure.clear();
    emit({ type: 'resumed', id: rec.id });
  }

  /** Ends a recording: index and footer, sidecar "complete", then (segments) compaction and retention. */
  function finish(rec: ActiveRecording): Promise<RecordingInfo> {
    active.delete(rec.id);
    if (segment?.rec === rec) segment = undefined;
    return withLock(rec.id, async () => {
      try {
        await rec.writer.end();
        await rec.sink.close();
      } catch (error) {
        fail(rec, error);
        return infos.get(rec.id)!;
      }
      noteWritten(rec);
      let info = rec.info('complete');
      if (info.messages === 0 && info.end === undefined) info = { ...info, end: info.start };
      infos.set(rec.id, info);
      await saveSidecar(info);
      const s = rec.writer.stats;
      // One chunk per second is right while recording (crash safety) but slow to open: repack small ones.
      if (!closing && s.chunks > 2 && s.bytes / s.chunks < 128 * 1024) {
        try {
          const c = await compactRecordingFile(rec.files, { openSink });
          info = { ...info, size: c.size };
          infos.set(rec.id, info);
          await saveSidecar(info);
        } catch (error) {
          emit({
            type: 'warning',
            message: `compacting ${rec.id} failed (file kept as it is): ${String(error)}`,
          });
        }
      }
      return info;
    });
  }

  let retention: Promise<void> = Promise.resolve();
  /** One pass at a time: two overlapping passes would pick (and report) the same segments. */
  function applyRetention(): Promise<void> {
    retention = retention
      .catch(() => {})
      .then(async () => {
        for (const id of selectExpired(list(), { maxBytes, maxAgeMs, now: clock() })) {
          await removeFiles(id);
          emit({ type: 'deleted', id });
        }
      });
    return retention;
  }

  async function removeFiles(id: string) {
    await withLock(id, async () => {
      const files = recordingFiles(dataDir, id);
      infos.delete(id);
      failedNotes.delete(id);
      await rm(files.mcap, { force: true });
      await rm(files.sidecar, { force: true });
    });
  }

  /** Ends the always-on segment once its time is up (the next message opens the next one). */
  function rollSegment() {
    if (segment && clock() >= segment.endsAt) {
      const done = segment.rec;
      track(finish(done).then(() => applyRetention()));
    }
  }

  /** The always-on segment for now, opened on demand: an idle server leaves no empty files. */
  function currentSegment(): ActiveRecording | undefined {
    rollSegment();
    if (!alwaysOn || closing) return undefined;
    const t = clock();
    if (!segment && t >= segmentRetryAt) {
      const endsAt = (Math.floor(t / segmentMs) + 1) * segmentMs;
      const name = `Always-on ${new Date(t).toISOString().slice(0, 16).replace('T', ' ')}Z`;
      segment = { rec: open('segment', name, 'hall', {}), endsAt };
    }
    return segment?.rec;
  }

  /** Called from the bus on the live path: whatever goes wrong here is reported, never thrown. */
  function each(write: (rec: ActiveRecording) => WriteOutcome) {
    try {
      currentSegment();
    } catch (error) {
      emit({ type: 'warning', message: `cannot start a segment: ${String(error)}` });
    }
    for (const rec of [...active.values()]) {
      try {
        if (write(rec) === 'dropped') {
          dropped++;
          // Reported on the first drop and then every 1000th, not once per message.
          if (rec.dropped % 1000 === 1) emit({ type: 'dropped', id: rec.id, count: rec.dropped });
        }
      } catch (error) {
        if (rec.writer.failure) fail(rec, rec.writer.failure);
        else emit({ type: 'warning', message: `${rec.id}: ${String(error)}` });
      }
    }
  }

  function flushAll(): Promise<void> {
    try {
      rollSegment();
    } catch (error) {
      emit({ type: 'warning', message: `cannot roll the segment: ${String(error)}` });
    }
    const flushes = [...active.values()].map(async (rec) => {
      try {
        await rec.writer.flush();
      } catch (error) {
        fail(rec, error);
        return;
      }
      infos.set(rec.id, rec.info());
      noteWritten(rec);
      if (rec.kind === 'capture' && rec.writer.stats.bytes > maxCaptureBytes && active.has(rec.id)) {
        emit({
          type: 'stopped',
          id: rec.id,
          reason: `reached the capture size limit (${maxCaptureBytes} bytes)`,
        });
        await finish(rec);
      }
    });
    return Promise.all(flushes).then(() => {});
  }

  // Age limits must apply on an idle server too, where no segment rolls over to trigger retention.
  let lastRetention = clock();
  const timer = setInterval(() => {
    track(flushAll());
    if (clock() - lastRetention >= RETENTION_EVERY_MS) {
      lastRetention = clock();
      track(applyRetention());
    }
  }, flushMs);
  timer.unref();
  track(applyRetention());

  function list(): RecordingInfo[] {
    for (const rec of active.values()) infos.set(rec.id, rec.info());
    return [...infos.values()].sort((a, b) => b.start - a.start || b.id.localeCompare(a.id));
  }

  function known(id: string): RecordingInfo {
    recordingFiles(dataDir, id); // validates the id before anything else
    const info = infos.get(id);
    if (!info) throw new RecorderError('not-found', `no recording ${id}`);
    return info;
  }

  /**
   * Why an annotation's t (and end) lies outside a recording's span, or undefined when it lies inside. A
   * recording still being made reaches to now (plus a little clock skew): a note is made about what just
   * happened. A note outside the span would never show on the recording's timeline.
   */
  function outsideSpan(info: RecordingInfo, a: Annotation): string | undefined {
    const running = active.has(info.id);
    const end = running
      ? Math.max(info.end ?? info.start, clock() + ANNOTATION_SKEW_MS)
      : (info.end ?? info.start);
    const from = a.t;
    const to = a.end ?? a.t;
    if (from >= info.start && to <= end) return undefined;
    const iso = (t: number) => new Date(t).toISOString();
    const what = a.end === undefined ? `t ${iso(from)}` : `the span ${iso(from)} to ${iso(to)}`;
    return `${what} is outside recording ${info.id}, which covers ${iso(info.start)} to ${running ? 'now' : iso(end)}`;
  }

  async function annotateClosed(id: string, annotations: Annotation[]) {
    await withLock(id, async () => {
      const info = infos.get(id);
      if (!info || info.state === 'failed' || info.state === 'recording') {
        throw new RecorderError(
          'conflict',
          `recording ${id} cannot take annotations (${info?.state ?? 'deleted'})`,
        );
      }
      const files = recordingFiles(dataDir, id);
      // On disk "recording" while the index is cut: a crash now is recovered at the next start.
      await saveSidecar({ ...info, state: 'recording' });
      await appendAnnotations(files.mcap, annotations);
      const { size } = await stat(files.mcap);
      const updated = { ...info, size, messages: info.messages + annotations.length };
      infos.set(id, updated);
      await saveSidecar(updated);
    });
  }

  return {
    onSample(sample) {
      each((rec) => rec.writeSample(sample));
    },
    onRacks(block) {
      each((rec) => rec.writeRacks(block));
    },
    onAlert(event, t = clock()) {
      each((rec) => rec.writeAlert(event, t));
    },

    setAlwaysOn(on) {
      if (alwaysOn === on) return;
      alwaysOn = on;
      if (!on && segment) {
        const done = segment.rec;
        track(finish(done).then(() => applyRetention()));
      }
    },

    async addAnnotation(target, annotation) {
      const parsed = annotationSchema.safeParse(annotation);
      if (!parsed.success) throw new RecorderError('invalid', describeZodError(parsed.error));
      const a = parsed.data;
      const targets: string[] = [];
      if (target === 'current') {
        const seg = currentSegment();
        const covering = list().find(
          (r) =>
            r.kind === 'segment' && r.state !== 'recording' && r.start <= a.t && a.t <= (r.end ?? r.start),
        );
        const candidates: RecordingInfo[] = [];
        if (covering && (!seg || a.t < seg.info().start)) candidates.push(covering);
        else if (seg) candidates.push(seg.info());
        for (const rec of active.values()) if (rec.kind === 'capture') candidates.push(rec.info());
        if (candidates.length === 0) throw new RecorderError('not-found', 'no recording to annotate');
        // 'current' means the recordings that cover the moment: a capture started later is not one.
        for (const info of candidates) if (!outsideSpan(info, a)) targets.push(info.id);
        if (targets.length === 0) throw new RecorderError('invalid', outsideSpan(candidates[0]!, a)!);
      } else {
        const why = outsideSpan(known(target), a);
        if (why) throw new RecorderError('invalid', why);
        targets.push(target);
      }
      for (const id of targets) {
        const rec = active.get(id);
        if (rec) {
          try {
            rec.writeAnnotation(a);
          } catch (error) {
            fail(rec, error);
            throw new RecorderError('io', `recording ${id} failed: ${String(error)}`);
          }
        } else {
          await annotateClosed(id, [a]);
        }
      }
      options.onAnnotation?.(a, targets);
      return targets;
    },

    async annotations(id) {
      known(id);
      const byTime = (a: Annotation, b: Annotation) =>
        a.t - b.t || a.createdAt - b.createdAt || a.id.localeCompare(b.id);
      const notes = active.get(id)?.annotations ?? failedNotes.get(id);
      if (notes) return [...notes].sort(byTime);
      // Under the lock: not while an append or a compaction rewrites the file.
      return withLock(id, async () => {
        if (!infos.has(id)) throw new RecorderError('not-found', `no recording ${id}`);
        const file = await openFileReadable(recordingFiles(dataDir, id).mcap);
        try {
          const rec = await openRecording(file);
          const out: Annotation[] = [];
          for await (const m of rec.readMessages({ topics: [ANNOTATIONS_TOPIC] })) {
            if (m.kind === 'annotation') out.push(m.annotation);
          }
          return out.sort(byTime);
        } catch (error) {
          if (error instanceof RecordingError) {
            throw new RecorderError('conflict', `recording ${id} cannot be read: ${error.message}`);
          }
          throw error;
        } finally {
          await file.close();
        }
      });
    },

    async adopt(path, request) {
      const discard = () => rm(path, { force: true }).catch(() => {});
      // A rename within the folder: never a copy from (or to) anywhere else.
      if (dirname(resolve(path)) !== recordingsDir(dataDir)) {
        await discard();
        throw new RecorderError('invalid', 'only files inside the recordings folder can be adopted');
      }
      if (closing) {
        await discard();
        throw new RecorderError('conflict', 'the recorder is shutting down');
      }
      const created = clock();
      const id = newRecordingId(request.kind, created);
      const files = recordingFiles(dataDir, id);
      return withLock(id, async () => {
        try {
          // A demo comes from this server's own synthesizer: its chunks are checked, its messages are
          // not decoded once more (about 10 s of CPU for the 24 h demo).
          const incoming = await inspectIncoming(path, { decode: request.kind !== 'demo' });
          const parsed = recordingInfoSchema.safeParse({
            id,
            kind: request.kind,
            name: request.name ?? incoming.metadata?.name ?? 'Imported recording',
            level: incoming.level,
            scope: incoming.scope,
            start: incoming.start ?? created,
            end: incoming.end ?? incoming.start ?? created,
            size: incoming.size,
            messages: incoming.messages,
            state: incoming.recovered ? 'recovered' : 'complete',
            ...(incoming.recovered ? { error: incoming.recovered.slice(0, 500) } : {}),
            created,
          });
          if (!parsed.success) {
            throw new RecorderError('invalid', `not a usable recording: ${describeZodError(parsed.error)}`);
          }
          // The file first, then its sidecar: a crash between leaves an .mcap without a sidecar, which
          // start-up deletes (a sidecar without its file would list a recording that cannot open).
          await rename(path, files.mcap);
          await saveSidecar(parsed.data);
          infos.set(id, parsed.data);
          return parsed.data;
        } catch (error) {
          await discard();
          throw error;
        }
      });
    },

    incomingPath: () => incomingPath(dataDir),

    async startCapture(request) {
      const r = captureRequestSchema.safeParse(request);
      if (!r.success) throw new RecorderError('invalid', describeZodError(r.error));
      if (closing) throw new RecorderError('conflict', 'the recorder is shutting down');
      const { name, level, sites, halls } = r.data;
      for (const s of sites ?? []) {
        if (!fleet.sites.some((f) => f.id === s)) throw new RecorderError('invalid', `unknown site "${s}"`);
      }
      for (const h of halls ?? []) {
        const site = fleet.sites.find((f) => f.id === h.site);
        if (!site?.halls.some((x) => x.id === h.hall)) {
          throw new RecorderError('invalid', `unknown hall "${h.site}/${h.hall}"`);
        }
      }
      const running = [...active.values()].filter((x) => x.kind === 'capture').length;
      if (running >= maxCaptures)
        throw new RecorderError('conflict', `${maxCaptures} captures are already running`);
      const scope: RecordingScope = {
        ...(sites ? { sites: [...new Set(sites)] } : {}),
        ...(halls ? { halls } : {}),
      };
      return open('capture', name, level, scope).id;
    },

    async stopCapture(id) {
      const info = known(id);
      if (info.kind !== 'capture')
        throw new RecorderError(
          'conflict',
          `${id} is not a capture (it is a ${info.kind}): there is nothing to stop`,
        );
      const rec = active.get(id);
      // Stopping twice is harmless: the second call returns the finished recording.
      return rec ? finish(rec) : info;
    },

    async remove(id) {
      known(id);
      const rec = active.get(id);
      if (rec) {
        active.delete(id);
        if (segment?.rec === rec) segment = undefined;
        await withLock(id, async () => {
          await rec.writer.end().catch(() => {});
          await rec.sink.close().catch(() => {});
        });
      }
      await removeFiles(id);
    },

    list,
    get: (id) => list().find((r) => r.id === id),

    filePath(id) {
      known(id);
      return recordingFiles(dataDir, id).mcap;
    },

    snapshot(id, dataLength) {
      known(id);
      const rec = active.get(id);
      const snap = rec?.writer.snapshot(dataLength);
      return rec && snap ? { path: rec.files.mcap, ...snap } : undefined;
    },

    wantsRacks(site, hall) {
      for (const rec of active.values()) if (rec.takesRacks(site, hall)) return true;
      return false;
    },

    flush: flushAll,

    stats() {
      const all = list();
      return {
        active: active.size,
        recordings: all.length,
        dropped,
        writeErrors,
        bytesOnDisk: all.reduce((n, r) => n + r.size, 0),
      };
    },

    async close() {
      if (closing) return;
      closing = true;
      clearInterval(timer);
      await Promise.all([...active.values()].map((rec) => finish(rec)));
      while (background.size > 0) await Promise.all([...background]);
      await Promise.all([...locks.values()]);
    },
  };
}
