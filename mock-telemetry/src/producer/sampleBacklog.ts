/** One sample waiting to be sent (or sent again): `n` is its place in the producer's order. */
export interface BacklogEntry<T> {
  readonly n: number;
  /** The sample's second (ms since epoch): what the span bound is measured in. */
  readonly t: number;
  readonly payload: T;
  /** Times it was sent so far; above zero it is a resend. */
  attempts: number;
}

/** A run of samples dropped from a full backlog, reported once. */
export interface DroppedRun {
  samples: number;
  /** Distinct seconds among them. */
  seconds: number;
  /** Oldest and newest dropped second (ms). */
  from: number;
  to: number;
}

/**
 * Samples a producer still has to deliver, oldest first, holding at most `spanMs` of sample time: a
 * push that makes the span longer drops the oldest seconds. A sample taken for sending and not
 * acknowledged goes back to its place (requeue), so resends keep the producer's order.
 * Plain data structure, no I/O.
 */
export class SampleBacklog<T> {
  readonly spanMs: number;
  /** Slots before #head are spent (undefined, released for the GC). */
  #items: (BacklogEntry<T> | undefined)[] = [];
  #head = 0;
  #next = 0;
  /** Newest second ever pushed: the bound is measured from it, not from what is still queued. */
  #newest = Number.NEGATIVE_INFINITY;
  #dropped = 0;
  #run: DroppedRun | undefined;

  constructor(spanMs: number) {
    if (!(spanMs >= 1000) || !Number.isFinite(spanMs)) {
      throw new RangeError(`the backlog must hold at least 1 s of samples (got ${spanMs} ms)`);
    }
    this.spanMs = spanMs;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Samples dropped so far because the backlog was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The oldest and newest second queued, or undefined when empty. */
  get range(): { from: number; to: number } | undefined {
    const first = this.#items[this.#head];
    const last = this.newest;
    return first && last ? { from: first.t, to: last.t } : undefined;
  }

  /** The newest entry queued, or undefined when empty. */
  get newest(): BacklogEntry<T> | undefined {
    return this.size > 0 ? this.#items.at(-1) : undefined;
  }

  push(t: number, payload: T): BacklogEntry<T> {
    const entry: BacklogEntry<T> = { n: this.#next++, t, payload, attempts: 0 };
    this.#newest = Math.max(this.#newest, t);
    this.#items.push(entry);
    this.#trim();
    return entry;
  }

  /** The oldest entry, removed from the backlog (the caller sends it and requeues it if unacknowledged). */
  shift(): BacklogEntry<T> | undefined {
    const entry = this.#items[this.#head];
    if (!entry) return undefined;
    this.#items[this.#head] = undefined;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return entry;
  }

  /** Puts a shifted entry back in its place; dropped at once if it is already outside the span. */
  requeue(entry: BacklogEntry<T>): void {
    if (this.#tooOld(entry.t)) {
      this.#drop(entry);
      return;
    }
    let lo = this.#head;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#items[mid]!.n < entry.n) lo = mid + 1;
      else hi = mid;
    }
    this.#items.splice(lo, 0, entry);
  }

  /** Removes everything still queued (the producer stops) and returns how many there were. */
  clear(): number {
    const n = this.size;
    this.#items = [];
    this.#head = 0;
    return n;
  }

  /** The drops since the last call, if any, as one run (the caller logs it once). */
  takeDroppedRun(): DroppedRun | undefined {
    const run = this.#run;
    this.#run = undefined;
    return run;
  }

  /** True while a run of drops is being collected (not yet taken). */
  get dropping(): boolean {
    return this.#run !== undefined;
  }

  #tooOld(t: number): boolean {
    return t <= this.#newest - this.spanMs;
  }

  #trim() {
    // Entries are in push order and pushes come in time order, so the oldest are at the head.
    while (this.#head < this.#items.length && this.#tooOld(this.#items[this.#head]!.t)) {
      this.#drop(this.shift()!);
    }
  }

  #drop(entry: BacklogEntry<T>) {
    this.#dropped++;
    const run = this.#run;
    if (!run) {
      this.#run = { samples: 1, seconds: 1, from: entry.t, to: entry.t };
      return;
    }
    run.samples++;
    if (entry.t > run.to) {
      run.seconds++;
      run.to = entry.t;
    } else if (entry.t < run.from) {
      run.seconds++;
      run.from = entry.t;
    }
  }
}
