import type { HallRef } from '@gigawatt/shared';
import type { RecordingLevel } from '@gigawatt/shared/recording';
import type { Incident } from '../model/incidentSchema.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A ready-made recording: how long, what goes wrong when (relative to its start), what is recorded. */
export interface Scenario {
  summary: string;
  name: string;
  durationMs: number;
  level: RecordingLevel;
  /** Halls recorded at rack level, so the site view's heatmap shows the incident. */
  rackHalls: readonly HallRef[];
  incidents(from: number): Incident[];
}

export const SCENARIOS = {
  'normal-day': {
    summary: '24 h, whole fleet at hall level, no incidents',
    name: 'Normal day (synthesized)',
    durationMs: 24 * HOUR_MS,
    level: 'hall',
    rackHalls: [],
    incidents: () => [],
  },
  // A liquid-cooled GB200 hall, so the demo shows the coolant loop fail (a CDU fault: flow falls, supply,
  // return and ΔT climb) as well as the racks' air inlets heating.
  'cooling-failure': {
    summary: '2 h, cooling (CDU) fails in Ohio Hall 10 at 30 min for 45 min; its racks',
    name: 'Cooling failure in Ohio Hall 10 (scenario)',
    durationMs: 2 * HOUR_MS,
    level: 'rack',
    rackHalls: [{ site: 'ohio', hall: 'h10' }],
    incidents: (from) => [
      {
        kind: 'coolingFailure',
        site: 'ohio',
        hall: 'h10',
        start: from + 30 * MINUTE_MS,
        durationMs: 45 * MINUTE_MS,
      },
    ],
  },
  'job-crash': {
    summary: '1 h, Texas Hall 1 training job crashes at 20 min for 12 min; its racks',
    name: 'Training job crash in Texas Hall 1 (scenario)',
    durationMs: HOUR_MS,
    level: 'rack',
    rackHalls: [{ site: 'texas', hall: 'h1' }],
    incidents: (from) => [
      {
        kind: 'jobCrash',
        site: 'texas',
        hall: 'h1',
        start: from + 20 * MINUTE_MS,
        durationMs: 12 * MINUTE_MS,
      },
    ],
  },
} as const satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];
