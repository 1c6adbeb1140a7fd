/**
 * Orders the tick stream of a live connection: drops duplicates by `seq` (seq only increases) and
 * reports a gap when data resumes later than one tick after the last one seen — after a reconnect the
 * server re-sends only about ten minutes, so anything older must come from history.
 */
export interface TickSequencer {
  /** Seq of the newest tick accepted, sent as `lastSeq` on reconnect; null before the first tick. */
  readonly lastSeq: number | null;
  readonly lastT: number | null;
  /**
   * Handles a hello. A server whose newest seq is below ours has restarted with a new sequence: forget
   * the old seq (keeping the time, so the hole is still reported).
   */
  onHello(serverLastSeq: number): void;
  /** Whether to keep the tick, and the hole before it if there is one. */
  accept(seq: number, t: number): { keep: boolean; gap: { from: number; to: number } | null };
}

export function createTickSequencer(gapThresholdMs = 2500): TickSequencer {
  let lastSeq: number | null = null;
  let lastT: number | null = null;
  return {
    get lastSeq() {
      return lastSeq;
    },
    get lastT() {
      return lastT;
    },
    onHello(serverLastSeq) {
      if (lastSeq !== null && serverLastSeq < lastSeq) lastSeq = null;
    },
    accept(seq, t) {
      if (lastSeq !== null && seq <= lastSeq) return { keep: false, gap: null };
      const gap = lastT !== null && t - lastT > gapThresholdMs ? { from: lastT, to: t } : null;
      lastSeq = seq;
      if (lastT === null || t > lastT) lastT = t;
      return { keep: true, gap };
    },
  };
}
