import type { Annotation } from '@gigawatt/shared/recording';
import type { ActiveRecording } from './activeRecording.ts';
import type { RecorderEvent } from './Recorder.ts';

export interface FailureTracker {
  /** Write failures so far. */
  readonly writeErrors: number;
  /** A recording was opened: after a failure, it is the one that can show the disk works again. */
  opened(rec: ActiveRecording): void;
  /** A write of `rec` failed: recording is failing until a recording opened after this reaches the disk. */
  failed(rec: ActiveRecording): void;
  /** `rec` has just reached the disk: after a failure, that is the news that recording works again. */
  written(rec: ActiveRecording): void;
  /** Annotations of a recording that failed this run (its file has no index until recovered). */
  notes(id: string): Annotation[] | undefined;
  /** The recording was deleted. */
  forget(id: string): void;
}

/**
 * Failure and resume tracking: a write failure sets "failing"; a recording opened after it that then
 * reaches the disk shows the disk works again ('resumed'). Recordings that were already open say nothing
 * about it either way.
 */
export function createFailureTracker(emit: (event: RecorderEvent) => void): FailureTracker {
  let failing = false;
  let writeErrors = 0;
  const openedSinceFailure = new Set<ActiveRecording>();
  const failedNotes = new Map<string, Annotation[]>();
  return {
    get writeErrors() {
      return writeErrors;
    },
    opened(rec) {
      if (failing) openedSinceFailure.add(rec);
    },
    failed(rec) {
      writeErrors++;
      failing = true;
      openedSinceFailure.clear();
      failedNotes.set(rec.id, rec.annotations);
    },
    written(rec) {
      if (!failing || !openedSinceFailure.has(rec)) return;
      failing = false;
      openedSinceFailure.clear();
      emit({ type: 'resumed', id: rec.id });
    },
    notes: (id) => failedNotes.get(id),
    forget(id) {
      failedNotes.delete(id);
    },
  };
}
