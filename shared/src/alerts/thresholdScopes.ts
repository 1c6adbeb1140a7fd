import type { AlertEvent, AlertScope, Severity } from '../alerts.ts';
import { type AlertBook, scopeKey } from './alertBook.ts';
import { ThresholdDetector, type ThresholdOptions } from './thresholdDetector.ts';

/** A clear must hold this long at most (less when the raise hold is shorter): "a few seconds". */
export const CLEAR_HOLD_MAX_S = 5;

/** Without a reading for this long, a pending raise or clear starts over. */
export const MAX_GAP_S = 10;

export function clearHoldS(forS: number): number {
  return Math.min(forS, CLEAR_HOLD_MAX_S);
}

/** A threshold rule's hysteresis: raise after `forS` held, clear after a few seconds below, gaps break both. */
export function holdOptions(
  raiseAt: number,
  clearBelow: number,
  forS: number,
  strict = false,
): ThresholdOptions {
  return {
    raiseAt,
    clearBelow,
    forS,
    clearForS: clearHoldS(forS),
    maxGapS: MAX_GAP_S,
    ...(strict ? { strict } : {}),
  };
}

export interface ThresholdReading {
  /** The title of this reading as the worst one, given the value the alert was raised at. */
  title: (triggerValue: number) => string;
  /** Higher is worse (as is a higher level): an open alert keeps its worst reading, never a recovery. */
  value: number;
  threshold: number;
  unit: string;
  /** See AlertReading.level. */
  level: number;
}

interface ScopeState {
  detector: ThresholdDetector;
  /** The worst reading of the open alert (undefined: none seen since raise, or restored after a restart). */
  worst: ThresholdReading | undefined;
}

/**
 * One hysteresis detector per scope of a threshold rule, turning its changes into alert events. An open
 * alert reports its trigger value and the worst value reached, never the latest one: a recovering value
 * must not rewrite what happened.
 */
export class ThresholdScopes {
  private readonly scopes = new Map<string, ScopeState>();

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
    let state = this.scopes.get(key);
    if (!state) {
      // An alert restored after a restart is open in the book: its detector starts raised, so the value
      // clears it when it recovers, and a condition still true is not raised a second time.
      state = {
        detector: new ThresholdDetector({ ...options(), startActive: this.book.isActive(key) }),
        worst: undefined,
      };
      this.scopes.set(key, state);
    }
    const { detector } = state;
    const change = detector.update(t, value);
    if (change === 'raise') {
      const reading = describe();
      state.worst = reading;
      const draft = {
        rule: this.rule.id,
        severity: this.rule.severity,
        scope,
        title: reading.title(reading.value),
        value: reading.value,
        threshold: reading.threshold,
        unit: reading.unit,
      };
      out.push(this.book.raise(key, draft, t, reading.level));
    } else if (change === 'clear') {
      state.worst = undefined;
      const event = this.book.clear(key, t);
      if (event) out.push(event);
    } else if (detector.active && !detector.clearing) {
      // While a clear is pending the value is back to normal: an update would say it is still high.
      const open = this.book.peek(key);
      if (!open) return;
      const reading = describe();
      // The worst reading has the highest level; restored after a restart, the alert's own value is the
      // worst known so far.
      if (state.worst ? reading.level > state.worst.level : reading.value > open.value) state.worst = reading;
      const worst = state.worst;
      if (!worst) return;
      const trigger = open.triggerValue ?? open.value;
      const event = this.book.update(
        key,
        { title: worst.title(trigger), value: worst.value, level: worst.level },
        t,
      );
      if (event) out.push(event);
    }
  }
}
