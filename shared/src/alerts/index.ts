// The alert engine: pure (no I/O, time always passed in), so the server runs it live and the
// simulator runs it over the recordings it synthesizes, with the same rules and the same results.
export {
  type AckResult,
  AlertBook,
  type AlertDraft,
  type AlertReading,
  DEFAULT_MAX_LOG,
  scopeKey,
  UPDATE_MIN_INTERVAL_MS,
} from './alertBook.ts';
export { alertTitles, durationText } from './alertTitles.ts';
export { type AlertEngine, type AlertEngineOptions, createAlertEngine } from './createAlertEngine.ts';
export { RollingMax } from './rollingMax.ts';
export { RollingMean } from './rollingMean.ts';
export type { RuleOf, RuleRunner } from './ruleRunner.ts';
export { type ThresholdChange, ThresholdDetector, type ThresholdOptions } from './thresholdDetector.ts';
export { createUtilDropRule } from './utilDropRule.ts';
