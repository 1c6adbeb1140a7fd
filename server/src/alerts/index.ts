// The engine itself lives in @gigawatt/shared (the synthesizer runs it too); reading rules from a file is
// the server's. The recorder's own alert is wiring, beside the composition root (../recorderAlert.ts).
export {
  type AckResult,
  type AlertEngine,
  type AlertEngineOptions,
  createAlertEngine,
  UPDATE_MIN_INTERVAL_MS,
} from '@gigawatt/shared';
export { loadAlertRules } from './loadAlertRules.ts';
