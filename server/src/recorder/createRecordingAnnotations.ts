import { stat } from 'node:fs/promises';
import { describeZodError } from '@gigawatt/shared';
import {
  ANNOTATIONS_TOPIC,
  type Annotation,
  annotationSchema,
  openRecording,
  RecordingError,
  type RecordingInfo,
} from '@gigawatt/shared/recording';
import type { ActiveRecording } from './activeRecording.ts';
import { appendAnnotations } from './appendAnnotation.ts';
import type { FailureTracker } from './createFailureTracker.ts';
import type { RecordingLibrary } from './createRecordingLibrary.ts';
import type { RecordingLocks } from './createRecordingLocks.ts';
import type { RunningRecordings } from './createRunningRecordings.ts';
import { openFileReadable } from './fileReadable.ts';
import type { Recorder } from './Recorder.ts';
import { RecorderError } from './recorderError.ts';

/** How far past the server's now a note on a running recording may be dated (the client's clock). */
const ANNOTATION_SKEW_MS = 60_000;

export interface RecordingAnnotationsOptions {
  clock: () => number;
  library: RecordingLibrary;
  running: Pick<RunningRecordings, 'get' | 'has' | 'captures' | 'fail'>;
  /** The always-on segment for now (opened on demand). */
  currentSegment: () => ActiveRecording | undefined;
  failures: Pick<FailureTracker, 'notes'>;
  locks: RecordingLocks;
  onAnnotation?: (annotation: Annotation, recordings: string[]) => void;
}

export type RecordingAnnotations = Pick<Recorder, 'addAnnotation' | 'annotations'>;

const byTime = (a: Annotation, b: Annotation) =>
  a.t - b.t || a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/**
 * Annotations of recordings: written into a running recording's file with its messages, or appended to
 * a finished one in place; read back from the file's /annotations channel, or (running, or failed and
 * not yet recovered) from what this recorder wrote.
 */
export function createRecordingAnnotations(options: RecordingAnnotationsOptions): RecordingAnnotations {
  const { clock, library, running, locks } = options;

  /**
   * Why an annotation's t (and end) lies outside a recording's span, or undefined when it lies inside. A
   * recording still being made reaches to now (plus a little clock skew): a note is made about what just
   * happened. A note outside the span would never show on the recording's timeline.
   */
  function outsideSpan(info: RecordingInfo, a: Annotation): string | undefined {
    const isRunning = running.has(info.id);
    const end = isRunning
      ? Math.max(info.end ?? info.start, clock() + ANNOTATION_SKEW_MS)
      : (info.end ?? info.start);
    const from = a.t;
    const to = a.end ?? a.t;
    if (from >= info.start && to <= end) return undefined;
    const iso = (t: number) => new Date(t).toISOString();
    const what = a.end === undefined ? `t ${iso(from)}` : `the span ${iso(from)} to ${iso(to)}`;
    return `${what} is outside recording ${info.id}, which covers ${iso(info.start)} to ${isRunning ? 'now' : iso(end)}`;
  }

  /** The recordings 'current' means: those that cover the moment of the note. */
  function currentTargets(a: Annotation): string[] {
    const seg = options.currentSegment();
    const covering = library
      .list()
      .find(
        (r) => r.kind === 'segment' && r.state !== 'recording' && r.start <= a.t && a.t <= (r.end ?? r.start),
      );
    const candidates: RecordingInfo[] = [];
    if (covering && (!seg || a.t < seg.info().start)) candidates.push(covering);
    else if (seg) candidates.push(seg.info());
    for (const rec of running.captures()) candidates.push(rec.info());
    if (candidates.length === 0) throw new RecorderError('not-found', 'no recording to annotate');
    // 'current' means the recordings that cover the moment: a capture started later is not one.
    const targets = candidates.filter((info) => !outsideSpan(info, a)).map((info) => info.id);
    if (targets.length === 0) throw new RecorderError('invalid', outsideSpan(candidates[0]!, a)!);
    return targets;
  }

  async function annotateClosed(id: string, annotations: Annotation[]) {
    await locks.withLock(id, async () => {
      const info = library.info(id);
      if (!info || info.state === 'failed' || info.state === 'recording') {
        throw new RecorderError(
          'conflict',
          `recording ${id} cannot take annotations (${info?.state ?? 'deleted'})`,
        );
      }
      const files = library.files(id);
      // On disk "recording" while the index is cut: a crash now is recovered at the next start.
      await library.saveSidecar({ ...info, state: 'recording' });
      await appendAnnotations(files.mcap, annotations);
      const { size } = await stat(files.mcap);
      const updated = { ...info, size, messages: info.messages + annotations.length };
      library.set(updated);
      await library.saveSidecar(updated);
    });
  }

  async function readAnnotations(id: string): Promise<Annotation[]> {
    const file = await openFileReadable(library.files(id).mcap);
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
  }

  return {
    async addAnnotation(target, annotation) {
      const parsed = annotationSchema.safeParse(annotation);
      if (!parsed.success) throw new RecorderError('invalid', describeZodError(parsed.error));
      const a = parsed.data;
      let targets: string[];
      if (target === 'current') targets = currentTargets(a);
      else {
        const why = outsideSpan(library.known(target), a);
        if (why) throw new RecorderError('invalid', why);
        targets = [target];
      }
      for (const id of targets) {
        const rec = running.get(id);
        if (rec) {
          try {
            rec.writeAnnotation(a);
          } catch (error) {
            running.fail(rec, error);
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
      library.known(id);
      const notes = running.get(id)?.annotations ?? options.failures.notes(id);
      if (notes) return [...notes].sort(byTime);
      // Under the lock: not while an append or a compaction rewrites the file.
      return locks.withLock(id, async () => {
        if (!library.has(id)) throw new RecorderError('not-found', `no recording ${id}`);
        return readAnnotations(id);
      });
    },
  };
}
