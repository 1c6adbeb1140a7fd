import { fleetConfigSchema } from '@gigawatt/shared';
import { z } from 'zod';

/** The scenarios shipped as demo recordings, smallest first so the list fills quickly. */
export const DEMO_SCENARIOS = ['job-crash', 'cooling-failure', 'normal-day'] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

/** The simulator's seed, as a worker thread is handed it. */
export const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** What the demo worker is asked to synthesize (validated on the worker's side of the boundary). */
export const demoJobSchema = z.object({
  scenario: z.enum(DEMO_SCENARIOS),
  /** First second and length (ms). */
  from: z.number().int().nonnegative(),
  durationMs: z.number().int().min(1000).optional(),
  seed: seedSchema,
  fleet: fleetConfigSchema,
  created: z.number().int().nonnegative(),
  /** The temporary file inside the recordings folder to write. */
  out: z.string().min(1),
});
export type DemoJob = z.infer<typeof demoJobSchema>;

/** What the worker reports back (validated on the server's side). */
export const demoReportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('done'),
    messages: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    ms: z.number().nonnegative(),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type DemoReport = z.infer<typeof demoReportSchema>;
