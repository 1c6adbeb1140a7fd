import { z } from 'zod';

/** Lower-case ids keep series ids (`site:<id>:<metric>`) and MCAP topics unambiguous. */
export const idSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes, starting with a letter');

export const gpuModelSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(80),
  /** Board TDP in watts. */
  tdpW: z.number().positive().max(5000),
  /** Power the rack is provisioned for per GPU at full load (W). */
  provisionedW: z.number().positive().max(5000),
  /** Draw of an idle, powered GPU (W). */
  idleW: z.number().nonnegative().max(1000),
  gpusPerRack: z.number().int().positive().max(1024),
  /** IT power of a full rack at full load (kW): GPUs plus CPUs, switches, NICs, fans. */
  rackKw: z.number().positive().max(2000),
  pricePerGpuHourUsd: z.number().nonnegative().max(1000),
  /** When the rental price was quoted, shown beside revenue figures. */
  priceAsOf: z.string().min(1).max(40),
  priceSource: z.string().max(200).optional(),
  /** How the racks shed heat: liquid-cooled racks report their coolant loop. Absent means air. */
  cooling: z.enum(['liquid', 'air']).optional(),
});
export type GpuModel = z.infer<typeof gpuModelSchema>;

export const workloadSchema = z.enum(['training', 'inference', 'mixed']);
export type Workload = z.infer<typeof workloadSchema>;

export const hallConfigSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(80),
  gpuModel: idSchema,
  racks: z.number().int().positive().max(20000),
  workload: workloadSchema,
  /** 0–1: how much of the hall tends to be rented to outside customers. */
  rentalPropensity: z.number().min(0).max(1),
});
export type HallConfig = z.infer<typeof hallConfigSchema>;

export const climateSchema = z.object({
  annualMeanC: z.number().min(-40).max(50),
  annualAmpC: z.number().min(0).max(40),
  dailyAmpC: z.number().min(0).max(30),
  /** Humidity makes cooling less efficient, so PUE rises more with heat. 0–1. */
  humidity: z.number().min(0).max(1),
});
export type Climate = z.infer<typeof climateSchema>;

export const siteConfigSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(80),
  campus: z.string().min(1).max(120),
  operator: z.string().min(1).max(120),
  timezone: z.string().min(1).max(64),
  itCapacityMw: z.number().positive().max(100000),
  /** Facility power cap (grid interconnect / contract), MW. */
  powerCapMw: z.number().positive().max(100000),
  pueDesign: z
    .object({ min: z.number().min(1).max(5), max: z.number().min(1).max(5) })
    .refine((p) => p.min <= p.max, 'pueDesign.min must not exceed pueDesign.max'),
  climate: climateSchema,
  notes: z.string().max(400).optional(),
  halls: z.array(hallConfigSchema).min(1).max(256),
});
export type SiteConfig = z.infer<typeof siteConfigSchema>;

export const fleetConfigSchema = z
  .object({
    name: z.string().min(1).max(80),
    gpuModels: z.array(gpuModelSchema).min(1).max(64),
    sites: z.array(siteConfigSchema).min(1).max(64),
  })
  .superRefine((fleet, ctx) => {
    const models = new Set<string>();
    for (const m of fleet.gpuModels) {
      if (models.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate GPU model id "${m.id}"` });
      models.add(m.id);
    }
    const sites = new Set<string>();
    for (const s of fleet.sites) {
      if (sites.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate site id "${s.id}"` });
      sites.add(s.id);
      const halls = new Set<string>();
      for (const h of s.halls) {
        if (halls.has(h.id)) ctx.addIssue({ code: 'custom', message: `duplicate hall id "${s.id}/${h.id}"` });
        halls.add(h.id);
        if (!models.has(h.gpuModel)) {
          ctx.addIssue({
            code: 'custom',
            message: `hall "${s.id}/${h.id}" uses unknown GPU model "${h.gpuModel}"`,
          });
        }
      }
    }
  });
export type FleetConfig = z.infer<typeof fleetConfigSchema>;
