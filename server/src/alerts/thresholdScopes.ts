import type { AlertEvent, AlertScope, Severity } from '@gigawatt/shared';
import { type AlertBook, scopeKey } from './alertBook.ts';
import { ThresholdDetector, type ThresholdOptions } from './thresholdDetector.ts';

/** A clear must hold this long at most (less when the raise hold is shorter): "a few seconds". */
export const CLEAR_HOLD_MAX_S = 5;

/** Without a reading for this long, a pending raise or clear starts over. */
export const MAX_GAP_S = 10;

export function clearHoldS(forS: number): number {
  return Math.min(forS, CLEAR_HOLD_MAX_S);
}

export interface ThresholdReading {
  title: string;
  value: number;
  threshold: number;
  unit: string;
  /** See AlertReading.level. */
  level: number;
}

/** One hysteresis detector per scope of a threshold rule, turning its changes into alert events. */
export class ThresholdScopes {
  private readonly detectors = new Map<string, ThresholdDetector>();

  constructor(
    private readonly book: AlertBook,
    private readonly rule: { id: string; severity: Severity },
  ) {}

  /**
   * Feeds one reading of a scope. `options` is read once, when the scope is first seen; `describe` only
   * while the alert is raised or open, so quiet scopes cost no formatting.
   */
  feed(
    scope: AlertScope,
    t: number,
    value: number,
    options: () => ThresholdOptions,
    describe: () => ThresholdReading,
    out: AlertEvent[],
  ): void {
    const key = scopeKey(this.rule.id, scope);
    let detector = this.detectors.get(key);
    if (!detector) {
      // An alert restored after a restart is open in the book: its detector starts raised, so the value
      // clears it when it recovers, and a condition still true is not raised a second time.
      detector = new ThresholdDetector({ ...options(), startActive: this.book.isOpen(key) });
      this.detectors.set(key, detector);
    }
    const change = detector.update(t, value);
    if (change === 'raise') {
      const { title, value: v, threshold, unit, level } = describe();
      const draft = {
        rule: this.rule.id,
        severity: this.rule.severity,
        scope,
        title,
        value: v,
        threshold,
        unit,
      };
      out.push(this.book.raise(key, draft, t, level));
    } else if (change === 'clear') {
      const event = this.book.clear(key, t);
      if (event) out.push(event);
    } else if (detector.active && !detector.clearing) {
      // While a clear is pending the value is back to normal: an update would say it is still high.
      const event = this.book.update(key, describe(), t);
      if (event) out.push(event);
    }
  }
}
