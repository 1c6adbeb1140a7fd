import type { ActiveRecording } from './activeRecording.ts';
import type { BackgroundTasks } from './createBackgroundTasks.ts';
import type { RunningRecordings } from './createRunningRecordings.ts';

export interface SegmentRollerOptions {
  /** Length of a segment; segments are cut on multiples of it. */
  segmentMs: number;
  /** After a write error, how long to wait before a new segment. */
  retryMs: number;
  alwaysOn: boolean;
  clock: () => number;
  running: Pick<RunningRecordings, 'open' | 'finish'>;
  tasks: BackgroundTasks;
  /** Runs after a segment was finished (retention). */
  afterSegment: () => Promise<void>;
  isClosing: () => boolean;
}

export interface SegmentRoller {
  /** Ends the segment once its time is up (the next message opens the next one). */
  roll(): void;
  /** The always-on segment for now, opened on demand: an idle server leaves no empty files. */
  current(): ActiveRecording | undefined;
  /** Starts or pauses the always-on recorder; pausing ends the open segment as a complete file. */
  setAlwaysOn(on: boolean): void;
  /** A recording stopped being written; if it was the segment, it is gone (failed: retry later). */
  ended(rec: ActiveRecording, failed: boolean): void;
}

/** The always-on recorder: site + hall level of the whole fleet, in segments cut on the clock. */
export function createSegmentRoller(options: SegmentRollerOptions): SegmentRoller {
  const { segmentMs, retryMs, clock, running, tasks } = options;
  let alwaysOn = options.alwaysOn;
  let segment: { rec: ActiveRecording; endsAt: number } | undefined;
  let segmentRetryAt = 0;

  const finishSegment = (rec: ActiveRecording) =>
    tasks.track(running.finish(rec).then(() => options.afterSegment()));

  function roll() {
    if (segment && clock() >= segment.endsAt) finishSegment(segment.rec);
  }

  return {
    roll,
    current() {
      roll();
      if (!alwaysOn || options.isClosing()) return undefined;
      const t = clock();
      if (!segment && t >= segmentRetryAt) {
        const endsAt = (Math.floor(t / segmentMs) + 1) * segmentMs;
        const name = `Always-on ${new Date(t).toISOString().slice(0, 16).replace('T', ' ')}Z`;
        segment = { rec: running.open('segment', name, 'hall', {}), endsAt };
      }
      return segment?.rec;
    },
    setAlwaysOn(on) {
      if (alwaysOn === on) return;
      alwaysOn = on;
      if (!on && segment) finishSegment(segment.rec);
    },
    ended(rec, failed) {
      if (segment?.rec !== rec) return;
      segment = undefined;
      if (failed) segmentRetryAt = clock() + retryMs;
    },
  };
}
