// The engine itself lives in @gigawatt/shared (the synthesizer runs it too); reading rules from a file
// and the recorder's own alert are the server's.
export {
  type AckResult,
  type AlertEngine,
  type AlertEngineOptions,
  createAlertEngine,
  UPDATE_MIN_INTERVAL_MS,
} from '@gigawatt/shared';
export { loadAlertRules } from './loadAlertRules.ts';
