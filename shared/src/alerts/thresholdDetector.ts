export type ThresholdChange = 'raise' | 'clear';

export interface ThresholdOptions {
  /** The condition holds while value ≥ raiseAt (value > raiseAt when `strict`). */
  raiseAt: number;
  /** Once raised, the value must fall below this level to clear; at most raiseAt. */
  clearBelow: number;
  /** Seconds the condition must hold continuously before it raises (0: at once). */
  forS: number;
  /** Seconds the value must stay below clearBelow before it clears (0: at once). */
  clearForS: number;
  strict?: boolean;
  /**
   * A gap between readings longer than this many seconds breaks "continuously": a pending raise or clear
   * starts over, since nothing is known about the value in between.
   */
  maxGapS?: number;
  /** Start raised (an alert restored after a restart): the value must then clear it as usual. */
  startActive?: boolean;
}

/**
 * Hysteresis with hold times for one signal. Between the clear and raise levels nothing changes, and a
 * change must hold for its full hold time, so a value hovering at a threshold never flaps.
 * Readings with a time not after the previous one and non-finite values are ignored.
 */
export class ThresholdDetector {
  private isActive = false;
  /** Time of the first reading of the current run toward the other state. */
  private pendingSince: number | undefined;
  private lastT = Number.NEGATIVE_INFINITY;
  private readonly opts: ThresholdOptions;

  constructor(opts: ThresholdOptions) {
    if (opts.clearBelow > opts.raiseAt) {
      throw new RangeError(`clearBelow (${opts.clearBelow}) must not exceed raiseAt (${opts.raiseAt})`);
    }
    if (!(opts.forS >= 0 && opts.clearForS >= 0)) throw new RangeError('hold times must be ≥ 0');
    this.opts = opts;
    this.isActive = opts.startActive ?? false;
  }

  get active(): boolean {
    return this.isActive;
  }

  /** Raised, but the value is below the clear level and the clear hold is running. */
  get clearing(): boolean {
    return this.isActive && this.pendingSince !== undefined;
  }

  /** Feeds one reading at time t (ms); returns the state change it causes, if any. */
  update(t: number, value: number): ThresholdChange | undefined {
    if (!Number.isFinite(value) || !(t > this.lastT)) return undefined;
    const { raiseAt, clearBelow, forS, clearForS, strict, maxGapS } = this.opts;
    if (maxGapS !== undefined && t - this.lastT > maxGapS * 1000) this.pendingSince = undefined;
    this.lastT = t;
    const towardChange = this.isActive ? value < clearBelow : strict ? value > raiseAt : value >= raiseAt;
    if (!towardChange) {
      this.pendingSince = undefined;
      return undefined;
    }
    this.pendingSince ??= t;
    if (t - this.pendingSince < (this.isActive ? clearForS : forS) * 1000) return undefined;
    this.pendingSince = undefined;
    this.isActive = !this.isActive;
    return this.isActive ? 'raise' : 'clear';
  }
}
