import { z } from 'zod';
import { idSchema } from './fleetSchema.ts';

const count = z.number().int().nonnegative().max(100_000_000);
/** Rejects NaN and ±Infinity as well as negatives: a sensor glitch must not poison sums. */
const nonNegative = (max: number) => z.number().finite().nonnegative().max(max);

export const gpuCountsSchema = z
  .object({ total: count, rented: count, internal: count, idle: count, failed: count })
  .refine((g) => g.rented + g.internal + g.idle + g.failed === g.total, {
    message: 'gpus.rented + internal + idle + failed must equal gpus.total',
  });
export type GpuCounts = z.infer<typeof gpuCountsSchema>;

export const utilPctSchema = z.number().finite().min(0).max(100);
export const tempCSchema = z.number().finite().min(-50).max(120);

/**
 * The liquid loop of a hall's coolant distribution units (CDUs): present for liquid-cooled halls
 * (GB200/GB300 NVL72), absent for air-cooled ones. Supply is what the CDUs send to the racks, return
 * what comes back; flow is the loop's total, CDU power the pumps' (and controls') electrical draw.
 */
export const coolantSchema = z.object({
  supplyC: tempCSchema,
  returnC: tempCSchema,
  flowLpm: nonNegative(100_000_000),
  cduPowerKw: nonNegative(10_000_000),
});
export type CoolantSample = z.infer<typeof coolantSchema>;

export const hallSampleSchema = z.object({
  hall: idSchema,
  itPowerMw: nonNegative(100_000),
  gpus: gpuCountsSchema,
  gpuUtilPct: utilPctSchema,
  inletTempC: tempCSchema,
  coolant: coolantSchema.optional(),
});
export type HallSample = z.infer<typeof hallSampleSchema>;

/** Epoch milliseconds; bounded so a garbage timestamp (year 1970 or 3000) is refused, not stored. */
export const epochMsSchema = z
  .number()
  .int()
  .min(946_684_800_000, 't must be ms since epoch after 2000-01-01')
  .max(4_102_444_800_000, 't must be ms since epoch before 2100-01-01');

export const siteSampleSchema = z.object({
  site: idSchema,
  t: epochMsSchema,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  facilityPowerMw: nonNegative(100_000),
  itPowerMw: nonNegative(100_000),
  gpus: gpuCountsSchema,
  gpuUtilPct: utilPctSchema,
  inletTempC: tempCSchema,
  halls: z.array(hallSampleSchema).max(256),
});
export type SiteSample = z.infer<typeof siteSampleSchema>;

/** Rack detail of one hall at one instant, one value per rack in fleet-config order. */
export interface RackBlock {
  site: string;
  hall: string;
  t: number;
  powerKw: Float32Array;
  utilPct: Float32Array;
  inletTempC: Float32Array;
  /** Coolant leaving each rack's manifold (°C); only for liquid-cooled halls. */
  coolantReturnC?: Float32Array;
}
