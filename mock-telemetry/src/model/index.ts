// The pure model only: the CLI and its socket.io client stay out of what the server imports.
export {
  createSimulator,
  type FailureEvent,
  type Simulator,
  type SimulatorOptions,
} from './createSimulator.ts';
export { FAILURE_CAUSES, type FailureCause, type FailureCauseInfo } from './failureCauses.ts';
export { type Incident, type IncidentKind, incidentSchema } from './incidentSchema.ts';
