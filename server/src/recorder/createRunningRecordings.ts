import type { FleetConfig } from '@gigawatt/shared';
import type { RecordingInfo, RecordingScope } from '@gigawatt/shared/recording';
import { ActiveRecording, type WriteOutcome } from './activeRecording.ts';
import { compactRecordingFile } from './compactRecordingFile.ts';
import type { BackgroundTasks } from './createBackgroundTasks.ts';
import type { FailureTracker } from './createFailureTracker.ts';
import type { RecordingLibrary } from './createRecordingLibrary.ts';
import type { RecordingLocks } from './createRecordingLocks.ts';
import type { OpenSink } from './fileSink.ts';
import { metadataOf } from './metadataOf.ts';
import type { RecorderEvent, RecordingSnapshot } from './Recorder.ts';
import { newRecordingId } from './recordingFiles.ts';

export interface RunningRecordingsOptions {
  fleet: FleetConfig;
  source: string;
  openSink: OpenSink;
  maxQueueBytes: number;
  maxCaptureBytes: number;
  clock: () => number;
  library: RecordingLibrary;
  locks: RecordingLocks;
  failures: FailureTracker;
  tasks: BackgroundTasks;
  emit: (event: RecorderEvent) => void;
  /** While the recorder closes, finished files are not compacted. */
  isClosing: () => boolean;
  /** A recording stopped being written: finished or removed (failed false), or its write failed (true). */
  onEnded: (rec: ActiveRecording, failed: boolean) => void;
}

export interface RunningRecordings {
  /** Messages dropped so far because the disk could not keep up. */
  readonly dropped: number;
  readonly size: number;
  all(): ActiveRecording[];
  get(id: string): ActiveRecording | undefined;
  has(id: string): boolean;
  captures(): ActiveRecording[];
  open(
    kind: RecordingInfo['kind'],
    name: string,
    level: RecordingInfo['level'],
    scope: RecordingScope,
  ): ActiveRecording;
  /** Ends a recording: index and footer, sidecar "complete", then (if small chunks) compaction. */
  finish(rec: ActiveRecording): Promise<RecordingInfo>;
  /** A write failed: this recording stops, everything else goes on. */
  fail(rec: ActiveRecording, error: unknown): void;
  /** Stops writing a recording about to be deleted (its file is not finished). */
  discard(rec: ActiveRecording): Promise<void>;
  /** Hands a message to every running recording; called on the live path, so it never throws. */
  each(write: (rec: ActiveRecording) => WriteOutcome): void;
  /** Closes every open chunk; stops a capture past its size limit. */
  flush(): Promise<void>;
  snapshot(id: string, dataLength?: number): RecordingSnapshot | undefined;
  wantsRacks(site: string, hall: string): boolean;
}

/**
 * The recordings being written now (always-on segments and captures): opening them, handing them
 * messages, flushing their chunks, and ending them, finished or failed. Writing never blocks or breaks
 * the live path: a failing disk stops the recording concerned (with an event) and nothing else.
 */
export function createRunningRecordings(options: RunningRecordingsOptions): RunningRecordings {
  const { fleet, source, openSink, maxQueueBytes, maxCaptureBytes, clock, library, failures, emit } = options;
  const { withLock } = options.locks;
  const active = new Map<string, ActiveRecording>();
  let dropped = 0;

  function open(
    kind: RecordingInfo['kind'],
    name: string,
    level: RecordingInfo['level'],
    scope: RecordingScope,
  ) {
    const created = clock();
    const id = newRecordingId(kind, created);
    const files = library.files(id);
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
    const sidecarWritten = library.saveSidecar(info);
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
    library.set(rec.info());
    failures.opened(rec);
    return rec;
  }

  function fail(rec: ActiveRecording, error: unknown) {
    if (rec.failed) return;
    rec.failed = true;
    active.delete(rec.id);
    options.onEnded(rec, true);
    failures.failed(rec);
    const message = error instanceof Error ? error.message : String(error);
    const info = rec.info('failed', message);
    library.set(info);
    emit({ type: 'error', id: rec.id, kind: rec.kind, error: message });
    // The file keeps what reached the disk; start-up recovery turns it into an indexed file. The sidecar
    // may not be writable either (disk full): then it still says "recording", which recovery also handles.
    options.tasks.track(
      withLock(rec.id, async () => {
        await rec.sink.close().catch(() => {});
        await library.saveSidecar(info).catch(() => {});
      }),
    );
  }

  function finish(rec: ActiveRecording): Promise<RecordingInfo> {
    active.delete(rec.id);
    options.onEnded(rec, false);
    return withLock(rec.id, async () => {
      try {
        await rec.writer.end();
        await rec.sink.close();
      } catch (error) {
        fail(rec, error);
        return library.info(rec.id)!;
      }
      failures.written(rec);
      let info = rec.info('complete');
      if (info.messages === 0 && info.end === undefined) info = { ...info, end: info.start };
      library.set(info);
      await library.saveSidecar(info);
      const s = rec.writer.stats;
      // One chunk per second is right while recording (crash safety) but slow to open: repack small ones.
      if (!options.isClosing() && s.chunks > 2 && s.bytes / s.chunks < 128 * 1024) {
        try {
          const c = await compactRecordingFile(rec.files, { openSink });
          info = { ...info, size: c.size };
          library.set(info);
          await library.saveSidecar(info);
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

  return {
    get dropped() {
      return dropped;
    },
    get size() {
      return active.size;
    },
    all: () => [...active.values()],
    get: (id) => active.get(id),
    has: (id) => active.has(id),
    captures: () => [...active.values()].filter((rec) => rec.kind === 'capture'),
    open,
    finish,
    fail,

    async discard(rec) {
      active.delete(rec.id);
      options.onEnded(rec, false);
      await withLock(rec.id, async () => {
        await rec.writer.end().catch(() => {});
        await rec.sink.close().catch(() => {});
      });
    },

    each(write) {
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
    },

    flush() {
      const flushes = [...active.values()].map(async (rec) => {
        try {
          await rec.writer.flush();
        } catch (error) {
          fail(rec, error);
          return;
        }
        library.set(rec.info());
        failures.written(rec);
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
    },

    snapshot(id, dataLength) {
      const rec = active.get(id);
      const snap = rec?.writer.snapshot(dataLength);
      return rec && snap ? { path: rec.files.mcap, ...snap } : undefined;
    },

    wantsRacks(site, hall) {
      for (const rec of active.values()) if (rec.takesRacks(site, hall)) return true;
      return false;
    },
  };
}
