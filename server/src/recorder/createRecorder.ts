import type { FleetConfig } from '@gigawatt/shared';
import { describeZodError } from '@gigawatt/shared';
import { type Annotation, captureRequestSchema } from '@gigawatt/shared/recording';
import { adoptRecording } from './adoptRecording.ts';
import { captureScopeOf } from './captureScopeOf.ts';
import { createBackgroundTasks } from './createBackgroundTasks.ts';
import { createFailureTracker } from './createFailureTracker.ts';
import { createRecordingAnnotations } from './createRecordingAnnotations.ts';
import { createRecordingLibrary } from './createRecordingLibrary.ts';
import { createRecordingLocks } from './createRecordingLocks.ts';
import { createRetention } from './createRetention.ts';
import { createRunningRecordings } from './createRunningRecordings.ts';
import { createSegmentRoller } from './createSegmentRoller.ts';
import { type OpenSink, openFileSink } from './fileSink.ts';
import { loadRecordings } from './loadRecordings.ts';
import type { Recorder, RecorderEvent } from './Recorder.ts';
import { RecorderError } from './recorderError.ts';
import { incomingPath } from './recordingFiles.ts';

export type { AdoptRequest, Recorder, RecorderEvent, RecorderStats, RecordingSnapshot } from './Recorder.ts';

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

const HOUR = 3_600_000;
const MAX_CAPTURES = 8;
const RETENTION_EVERY_MS = 10 * 60_000;

/**
 * Records what the server ingests into MCAP files under `<dataDir>/recordings/`: an always-on recorder
 * at site + hall level in rolling segments, and named on-demand captures that add rack level. Writing
 * never blocks or breaks the live path: messages are added to an in-memory chunk, a timer closes the
 * chunk every second and the bytes go to disk asynchronously; a failing disk stops the recording
 * concerned (with an event) and nothing else.
 *
 * The composition of the recorder's parts: the library (what is on disk), the running recordings,
 * the always-on segment roller, retention, annotations, adoption and failure tracking.
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
  let closing = false;
  const isClosing = () => closing;

  const recordings = await loadRecordings(dataDir, { fleet, source, emit });
  const locks = createRecordingLocks();
  const tasks = createBackgroundTasks((error) => emit({ type: 'warning', message: String(error) }));
  const failures = createFailureTracker(emit);
  const library = createRecordingLibrary({
    dataDir,
    recordings,
    locks,
    running: () => running.all(),
    onRemoved: (id) => failures.forget(id),
  });
  const running = createRunningRecordings({
    fleet,
    source,
    openSink,
    maxQueueBytes,
    maxCaptureBytes,
    clock,
    emit,
    isClosing,
    library,
    locks,
    failures,
    tasks,
    onEnded: (rec, failed) => segments.ended(rec, failed),
  });
  const retention = createRetention({
    maxBytes,
    maxAgeMs,
    clock,
    list: library.list,
    remove: library.remove,
    emit,
  });
  const segments = createSegmentRoller({
    segmentMs,
    retryMs,
    alwaysOn: options.alwaysOn ?? true,
    clock,
    isClosing,
    running,
    tasks,
    afterSegment: () => retention.apply(),
  });
  const annotations = createRecordingAnnotations({
    clock,
    library,
    running,
    failures,
    locks,
    currentSegment: () => segments.current(),
    onAnnotation: (annotation, ids) => options.onAnnotation?.(annotation, ids),
  });

  /** Called from the bus on the live path: whatever goes wrong here is reported, never thrown. */
  function each(write: Parameters<typeof running.each>[0]) {
    try {
      segments.current();
    } catch (error) {
      emit({ type: 'warning', message: `cannot start a segment: ${String(error)}` });
    }
    running.each(write);
  }

  function flush(): Promise<void> {
    try {
      segments.roll();
    } catch (error) {
      emit({ type: 'warning', message: `cannot roll the segment: ${String(error)}` });
    }
    return running.flush();
  }

  // Age limits must apply on an idle server too, where no segment rolls over to trigger retention.
  let lastRetention = clock();
  const timer = setInterval(() => {
    tasks.track(flush());
    if (clock() - lastRetention >= RETENTION_EVERY_MS) {
      lastRetention = clock();
      tasks.track(retention.apply());
    }
  }, flushMs);
  timer.unref();
  tasks.track(retention.apply());

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
    setAlwaysOn: (on) => segments.setAlwaysOn(on),
    addAnnotation: annotations.addAnnotation,
    annotations: annotations.annotations,
    adopt: (path, request) => adoptRecording(path, request, { dataDir, clock, isClosing, library, locks }),
    incomingPath: () => incomingPath(dataDir),

    async startCapture(request) {
      const r = captureRequestSchema.safeParse(request);
      if (!r.success) throw new RecorderError('invalid', describeZodError(r.error));
      if (closing) throw new RecorderError('conflict', 'the recorder is shutting down');
      const scope = captureScopeOf(r.data, fleet);
      if (running.captures().length >= maxCaptures)
        throw new RecorderError('conflict', `${maxCaptures} captures are already running`);
      return running.open('capture', r.data.name, r.data.level, scope).id;
    },

    async stopCapture(id) {
      const info = library.known(id);
      if (info.kind !== 'capture')
        throw new RecorderError(
          'conflict',
          `${id} is not a capture (it is a ${info.kind}): there is nothing to stop`,
        );
      const rec = running.get(id);
      // Stopping twice is harmless: the second call returns the finished recording.
      return rec ? running.finish(rec) : info;
    },

    async remove(id) {
      library.known(id);
      const rec = running.get(id);
      if (rec) await running.discard(rec);
      await library.remove(id);
    },

    list: library.list,
    get: library.get,

    filePath(id) {
      library.known(id);
      return library.files(id).mcap;
    },

    snapshot(id, dataLength) {
      library.known(id);
      return running.snapshot(id, dataLength);
    },

    wantsRacks: (site, hall) => running.wantsRacks(site, hall),
    flush,

    stats() {
      const all = library.list();
      return {
        active: running.size,
        recordings: all.length,
        dropped: running.dropped,
        writeErrors: failures.writeErrors,
        bytesOnDisk: all.reduce((n, r) => n + r.size, 0),
      };
    },

    async close() {
      if (closing) return;
      closing = true;
      clearInterval(timer);
      await Promise.all(running.all().map((rec) => running.finish(rec)));
      await tasks.drain();
      await locks.settled();
    },
  };
}
