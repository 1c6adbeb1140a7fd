import { epochMsSchema, idSchema } from '@gigawatt/shared';
import { z } from 'zod';

const DAY_MS = 86_400_000;

const timing = {
  site: idSchema,
  /** ms since epoch; the incident starts at the whole second containing it. */
  start: epochMsSchema,
  /** How long the fault lasts; recovery (cooling back, job restarting, ramp down) follows it. */
  durationMs: z
    .number()
    .int()
    .min(1000, 'durationMs must be at least 1000')
    .max(7 * DAY_MS, 'durationMs must be at most 7 days'),
};

/**
 * Scripted faults the simulator layers over its normal model, for demos, drills and synthesized
 * recordings. Like everything else in the model they are pure functions of time, so a simulator with
 * incidents still jumps to any instant.
 */
export const incidentSchema = z.discriminatedUnion('kind', [
  /**
   * The hall's cooling fails: rack inlets climb to ~35–38 °C, PUE rises, operators throttle the hall; in
   * a liquid-cooled hall its CDUs fail too (flow falls, supply and return climb; see coolantLoop).
   */
  z.object({ kind: z.literal('coolingFailure'), ...timing, hall: idSchema }),
  /** The hall's large synchronous training job crashes: its GPUs idle until it restarts. */
  z.object({ kind: z.literal('jobCrash'), ...timing, hall: idSchema }),
  /** Every job of the site runs flat out and idle GPUs are scheduled: facility power → pctOfCap % of cap. */
  z.object({
    kind: z.literal('powerSurge'),
    ...timing,
    pctOfCap: z.number().min(50).max(100),
  }),
]);
export type Incident = z.infer<typeof incidentSchema>;
export type IncidentKind = Incident['kind'];
