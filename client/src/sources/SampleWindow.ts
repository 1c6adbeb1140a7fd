import type { SiteSample } from '@gigawatt/shared';
import type { RecordedMessage } from '@gigawatt/shared/recording';
import { wholeSecond } from './playbackMarkers.ts';
import type { ReadWindow } from './readRecordedMessages.ts';

export interface SampleWindowOptions {
  read(window: ReadWindow): AsyncIterable<RecordedMessage>;
  /** The site channels to read. */
  topics: readonly string[];
  /** More seconds became complete, or a read ended: the playback may move on. */
  onProgress(): void;
  /** A read failed (damaged chunk, server gone); reading stops until `retry()` or `moveTo()`. */
  onError(error: unknown): void;
}

/**
 * The site samples of a stretch of the recording around the playhead, read ahead in windows. Every
 * second in [from, through] is complete (all its samples read, or known to have none); seconds behind
 * the playhead are dropped as it passes, so memory holds the read-ahead only, however long the file.
 */
export class SampleWindow {
  readonly #opts: SampleWindowOptions;
  #samples = new Map<number, Map<string, SiteSample>>();
  #from: number;
  #through: number;
  #reading: Promise<void> | null = null;
  /** Bumped when the window is dropped: a read still running for the old one stops and is discarded. */
  #gen = 0;
  #failed = false;
  #closed = false;

  constructor(opts: SampleWindowOptions, at: number) {
    this.#opts = opts;
    this.#from = at;
    this.#through = at - 1000;
  }

  /** Last complete second (before `from` when nothing is read yet). */
  get through(): number {
    return this.#through;
  }

  /** The read in flight, if any (tests and idle() wait on it). */
  get reading(): Promise<void> | null {
    return this.#reading;
  }

  /** Samples of one second by site (undefined: none recorded, or not read yet: check `through`). */
  at(second: number): ReadonlyMap<string, SiteSample> | undefined {
    return this.#samples.get(second);
  }

  /** Keeps what is read if `t` is inside it; else forgets it all and starts again at `t`. */
  moveTo(t: number): void {
    this.#failed = false;
    if (t >= this.#from && t <= this.#through) return;
    this.#samples.clear();
    this.#gen++;
    this.#from = t;
    this.#through = t - 1000;
  }

  /** Forgets the seconds before `t` (the playhead has shown them). */
  dropBefore(t: number): void {
    for (const k of this.#samples.keys()) {
      if (k >= t) break; // inserted in time order
      this.#samples.delete(k);
    }
    this.#from = Math.max(this.#from, t);
  }

  /** Reading may be tried again after a failure (the user pressed play again). */
  retry(): void {
    this.#failed = false;
  }

  close(): void {
    this.#closed = true;
    this.#gen++;
    this.#samples.clear();
  }

  /** Starts reading the next window if less than half of `ahead` ms is read past `t`. */
  ensure(t: number, ahead: number, end: number): void {
    if (this.#reading || this.#failed || this.#closed) return;
    const through = this.#through;
    if (through >= end || through >= t + ahead / 2) return;
    const from = Math.max(through + 1000, t);
    const to = Math.min(end, from + ahead);
    this.#reading = this.#read(from, to, this.#gen).finally(() => {
      this.#reading = null;
      if (!this.#closed) this.#opts.onProgress();
    });
  }

  async #read(from: number, to: number, gen: number): Promise<void> {
    const current = () => gen === this.#gen && !this.#closed;
    let last = from - 1000;
    try {
      for await (const m of this.#opts.read({ from, to: to + 999, topics: this.#opts.topics })) {
        if (!current()) return;
        if (m.kind !== 'site') continue;
        const s = wholeSecond(m.t);
        if (s > last) {
          last = s;
          // Messages come in time order: every second before this one is complete.
          if (s - 1000 > this.#through) {
            this.#through = s - 1000;
            this.#opts.onProgress();
            if (!current()) return;
          }
        }
        let bySite = this.#samples.get(s);
        if (!bySite) {
          bySite = new Map();
          this.#samples.set(s, bySite);
        }
        bySite.set(m.sample.site, m.sample);
      }
      if (current()) this.#through = Math.max(this.#through, to);
    } catch (error) {
      if (!current()) return;
      this.#failed = true;
      this.#opts.onError(error);
    }
  }
}
