import { z } from 'zod';
import { idSchema } from '../fleetSchema.ts';
import { checkRackValues, MAX_RACKS_PER_HALL } from '../rackCodec.ts';
import { epochMsSchema, type RackBlock } from '../sampleSchema.ts';

const column = z.array(z.number()).max(MAX_RACKS_PER_HALL);

/**
 * Rack blocks are JSON in recordings (not float32 binary as on the wire) so that standard MCAP tools
 * can read them with the channel's JSON Schema.
 */
export const rackBlockJsonSchema = z
  .object({
    site: idSchema,
    hall: idSchema,
    t: epochMsSchema,
    powerKw: column,
    utilPct: column,
    inletTempC: column,
    /** Liquid-cooled halls only; recordings made before coolant existed have none and still open. */
    coolantReturnC: column.optional(),
  })
  .refine(
    (b) =>
      b.powerKw.length === b.utilPct.length &&
      b.powerKw.length === b.inletTempC.length &&
      (b.coolantReturnC === undefined || b.powerKw.length === b.coolantReturnC.length),
    { message: 'powerKw, utilPct, inletTempC (and coolantReturnC) must have one value per rack each' },
  );
export type RackBlockJson = z.infer<typeof rackBlockJsonSchema>;

const POW10 = Array.from({ length: 50 }, (_, i) => 10 ** i);

/**
 * A short decimal that reads back as the same float32: "120.34935" instead of the float64 expansion
 * "120.34934997558594", which halves the JSON and still decodes to identical float32 values. Rounds to
 * the fewest decimals the value's float32 spacing allows (arithmetic, not strings: a full-fleet rack
 * capture converts ~55k values a second), checked by reading it back.
 */
export function shortestFloat32(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  // Decimals d with 0.5·10^-d below half the float32 spacing at v (2^(e−24)) always round-trip.
  const e = Math.floor(Math.log2(Math.abs(v)));
  const safe = Math.floor((24 - e) * Math.LOG10E * Math.LN2 - Math.LOG10E * Math.LN2) + 1;
  if (safe <= 0 || safe >= POW10.length) return v;
  for (let d = Math.max(0, safe - 2); d <= safe; d++) {
    const f = POW10[d]!;
    const n = Math.round(v * f) / f;
    if (Math.fround(n) === v) return n;
  }
  return Number(v.toPrecision(9));
}

function columnToJson(values: Float32Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = shortestFloat32(values[i]!);
  return out;
}

export function rackBlockToJson(block: RackBlock): RackBlockJson {
  const json: RackBlockJson = {
    site: block.site,
    hall: block.hall,
    t: block.t,
    powerKw: columnToJson(block.powerKw),
    utilPct: columnToJson(block.utilPct),
    inletTempC: columnToJson(block.inletTempC),
  };
  if (block.coolantReturnC) json.coolantReturnC = columnToJson(block.coolantReturnC);
  return json;
}

/** Validated JSON → RackBlock; returns the reason instead when the values are not physically plausible. */
export function rackBlockFromJson(json: RackBlockJson): RackBlock | string {
  const block: RackBlock = {
    site: json.site,
    hall: json.hall,
    t: json.t,
    powerKw: Float32Array.from(json.powerKw),
    utilPct: Float32Array.from(json.utilPct),
    inletTempC: Float32Array.from(json.inletTempC),
  };
  if (json.coolantReturnC) block.coolantReturnC = Float32Array.from(json.coolantReturnC);
  return checkRackValues(block) ?? block;
}
