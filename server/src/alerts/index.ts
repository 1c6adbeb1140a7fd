export { type AckResult, UPDATE_MIN_INTERVAL_MS } from './alertBook.ts';
export { type AlertEngine, type AlertEngineOptions, createAlertEngine } from './createAlertEngine.ts';
export { loadAlertRules } from './loadAlertRules.ts';
