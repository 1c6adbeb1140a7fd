import { fleetConfigSchema, TIERS, type TierName } from '@gigawatt/shared';
import { z } from 'zod';
import { seedSchema } from '../demos/demoJob.ts';
import type { TableBlock } from '../store/telemetryStore.ts';

/**
 * One tier's part of the past to synthesize: [from, to) at the tier's step. The 1 s part is seconds
 * (rows), the coarser ones pre-aggregated buckets.
 */
export const coarsePartSchema = z.object({
  name: z.enum(TIERS),
  stepMs: z.number().int().positive(),
  from: z.number().int(),
  to: z.number().int(),
});
export type CoarsePart = z.infer<typeof coarsePartSchema>;

/** What the backfill worker is asked to synthesize (validated on the worker's side). */
export const backfillJobSchema = z.object({
  seed: seedSchema,
  fleet: fleetConfigSchema,
  parts: z.array(coarsePartSchema).max(TIERS.length),
});
export type BackfillJob = z.infer<typeof backfillJobSchema>;

const tierBlockSchema = z
  .object({
    name: z.enum(TIERS),
    stepMs: z.number().int().positive(),
    capacity: z.number().int().positive(),
    block: z.instanceof(Float32Array),
    times: z.instanceof(Float64Array),
    weight: z.instanceof(Float32Array),
  })
  .refine((b) => b.times.length === b.capacity && b.weight.length === b.capacity, {
    message: 'times and weight hold one value per slot',
  });

const tableBlockSchema = z
  .object({ table: z.string().min(1), keys: z.array(z.string()).readonly(), tier: tierBlockSchema })
  .refine((b) => b.tier.block.length === 3 * b.keys.length * b.tier.capacity, {
    message: 'a block holds mean, min and max for every key and slot',
  });

/** What the worker reports back (validated on the server's side): each tier when done, then the end. */
export const backfillMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tier'), name: z.enum(TIERS), blocks: z.array(tableBlockSchema) }),
  z.object({ type: z.literal('done'), ms: z.number().nonnegative(), calls: z.number().int().nonnegative() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
/** What the worker posts (its store's own blocks; the schema above reads them back on arrival). */
export type BackfillMessage =
  | { type: 'tier'; name: TierName; blocks: TableBlock[] }
  | { type: 'done'; ms: number; calls: number }
  | { type: 'error'; message: string };
