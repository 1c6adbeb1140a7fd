import type { RecordingInfo } from '@gigawatt/shared/recording';
import type { RecorderEvent } from './Recorder.ts';
import { selectExpired } from './selectExpired.ts';

export interface RetentionOptions {
  maxBytes: number;
  maxAgeMs: number;
  clock: () => number;
  list: () => RecordingInfo[];
  remove: (id: string) => Promise<void>;
  emit: (event: RecorderEvent) => void;
}

export interface Retention {
  /** Deletes the always-on segments past the limits (selectExpired); resolves when this pass is done. */
  apply(): Promise<void>;
}

/** Retention of always-on segments: one pass at a time, since two overlapping passes would pick (and report) the same segments. */
export function createRetention(options: RetentionOptions): Retention {
  const { maxBytes, maxAgeMs, clock } = options;
  let retention: Promise<void> = Promise.resolve();
  return {
    apply() {
      retention = retention
        .catch(() => {})
        .then(async () => {
          for (const id of selectExpired(options.list(), { maxBytes, maxAgeMs, now: clock() })) {
            await options.remove(id);
            options.emit({ type: 'deleted', id });
          }
        });
      return retention;
    },
  };
}
