import type { IngestOutcome } from '@gigawatt/shared';

/**
 * The time and sequence policy of the ingest gate (INGEST_POLICY.md beside this file says it in prose).
 * Every producer, the built-in simulator too, passes it; samples and rack blocks alike.
 */

/** A producer clock this far ahead of the server's is still believed (NTP keeps clocks within ms). */
export const MAX_FUTURE_SKEW_MS = 5_000;
/** Samples and rack blocks are accepted back to this age (what the 1 s tier keeps); older are refused. */
export const LATE_WINDOW_MS = 3_600_000;
/** Seconds of "already held" memory per site: the late window. */
const SEEN_SLOTS = LATE_WINDOW_MS / 1000 + 300;

/** Why the time policy refused a payload (the `reason` of gigawatt_ingest_rejected_total). */
export type TimeRefusal = 'too_new' | 'too_old';

export type SampleVerdict =
  | { outcome: IngestOutcome; seqReset: boolean }
  | { outcome: 'refused'; error: string; reason: TimeRefusal };

const ago = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Whether t is outside what the gate keeps: ahead of the server clock, or older than the late window. */
export function timeRefusal(t: number, now: number): TimeRefusal | null {
  if (t > now + MAX_FUTURE_SKEW_MS) return 'too_new';
  if (t < now - LATE_WINDOW_MS) return 'too_old';
  return null;
}

/** Checks t against the server clock, for samples and rack blocks alike; null when it may be kept. */
export function refuseTime(t: number, now: number, what: string): string | null {
  const why = timeRefusal(t, now);
  if (why === 'too_new') {
    return `${what} t is ${ago(t - now)} ahead of the server clock (at most ${MAX_FUTURE_SKEW_MS / 1000} s is accepted); check the producer's clock`;
  }
  if (why === 'too_old') {
    return `${what} t is ${ago(now - t)} old; late data is accepted for history up to ${LATE_WINDOW_MS / 3_600_000} h back`;
  }
  return null;
}

/** Where a site's live path stands: its newest live sample's time and seq. */
export interface LivePosition {
  t: number;
  seq: number;
}

/**
 * One site's state at the gate: which seconds it already holds and its newest live sample. Owned here
 * and changed only by the gate's own verdicts (and once, by prime, at start-up): what is live never
 * depends on what a store downstream happens to hold.
 */
export class SiteTimeline {
  private readonly seen = new Float64Array(SEEN_SLOTS).fill(Number.NaN);
  /** t of the newest live sample (NaN before the first). */
  private newestLiveT = Number.NaN;
  private lastSeq = Number.NaN;

  /** The newest live sample's t and seq, or undefined before the first. */
  get position(): LivePosition | undefined {
    return Number.isNaN(this.newestLiveT) ? undefined : { t: this.newestLiveT, seq: this.lastSeq };
  }

  /**
   * After a restart, before any payload: the seconds history already holds and where the live path
   * stood, so resent seconds are duplicates and the live path resumes after the newest.
   */
  prime(heldSeconds: Iterable<number>, newest: LivePosition | undefined): void {
    for (const t of heldSeconds) this.hold(t);
    if (newest && !(newest.t <= this.newestLiveT)) {
      this.newestLiveT = newest.t;
      this.lastSeq = newest.seq;
    }
  }

  /** Marks a second as held. */
  private hold(t: number): void {
    const second = Math.floor(t / 1000);
    this.seen[((second % SEEN_SLOTS) + SEEN_SLOTS) % SEEN_SLOTS] = second;
  }

  holds(t: number): boolean {
    const second = Math.floor(t / 1000);
    return this.seen[((second % SEEN_SLOTS) + SEEN_SLOTS) % SEEN_SLOTS] === second;
  }

  /**
   * The verdict for a schema- and fleet-valid sample, and the state change it implies (applied here:
   * call only for samples that will be kept when the verdict is not refused).
   */
  judge(t: number, seq: number, now: number): SampleVerdict {
    const refused = refuseTime(t, now, 'sample');
    if (refused) return { outcome: 'refused', error: refused, reason: timeRefusal(t, now)! };
    // One sample per site and second: the first one kept wins, whatever its seq.
    if (this.holds(t)) return { outcome: 'duplicate', seqReset: false };
    this.hold(t);
    // Newer than the newest live sample: live, however old (a producer's backlog after an outage replays
    // in order through alerts and recordings). Out of order: late, history only.
    if (t <= this.newestLiveT) return { outcome: 'late', seqReset: false };
    // Time orders samples, not seq: a producer that restarted its counter (or sent a huge seq) is
    // recognised by a newer t with a seq not above the last one, and its data is kept.
    const seqReset = seq <= this.lastSeq;
    this.newestLiveT = t;
    this.lastSeq = seq;
    return { outcome: 'live', seqReset };
  }

  /**
   * A sample another node's gate accepted (scale-out bus): the same bookkeeping as judge(), so this
   * node's gate answers `duplicate` for it too and its live path resumes after it. The other gate's
   * `late` is kept (it had seen newer data); its `live` still yields to what this node applied.
   */
  observe(t: number, seq: number, live: boolean, now: number): ObservedVerdict {
    if (refuseTime(t, now, 'sample')) return 'refused';
    if (this.holds(t)) return 'duplicate';
    this.hold(t);
    if (!live || t <= this.newestLiveT) return 'late';
    this.newestLiveT = t;
    this.lastSeq = seq;
    return 'live';
  }
}

/** What an observed sample is on this node: applied live, applied to history only, or skipped. */
export type ObservedVerdict = 'live' | 'late' | 'duplicate' | 'refused';
