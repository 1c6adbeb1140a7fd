// Entry point '@gigawatt/mock-telemetry/synthesize': recordings made in-process (the server ships demo
// recordings made with it). Kept apart from the package root, which is the pure model only.
export { type FileSink, openFileSink } from './fileSink.ts';
export { SCENARIO_NAMES, SCENARIOS, type Scenario, type ScenarioName } from './scenarios.ts';
export { type AlertRate, type AlertRateOptions, synthesizeAlertRate } from './synthesizeAlertRate.ts';
export {
  planSynthesis,
  SYNTH_CHUNK_SIZE,
  type SynthesisPlan,
  type SynthesisResult,
  type SynthesizeOptions,
  synthesizeRecording,
} from './synthesizeRecording.ts';
