import { z } from 'zod';
import { idSchema } from './fleetSchema.ts';
import { epochMsSchema, type RackBlock } from './sampleSchema.ts';

/**
 * Racks travel as one binary attachment of float32 columns (power, util, inlet temp), so a rack value
 * costs 4 bytes plus a small shared JSON header; socket.io sends Uint8Array/ArrayBuffer as binary frames.
 */
export interface RackWire {
  site: string;
  hall: string;
  t: number;
  racks: number;
  data: Uint8Array | ArrayBuffer;
}

export const RACK_COLUMNS = ['powerKw', 'utilPct', 'inletTempC'] as const;
export const MAX_RACKS_PER_HALL = 20_000;

const binary = z.custom<Uint8Array | ArrayBuffer>(
  (v) => v instanceof Uint8Array || v instanceof ArrayBuffer,
  'data must be binary (float32 columns)',
);

export const rackWireSchema = z
  .object({
    site: idSchema,
    hall: idSchema,
    t: epochMsSchema,
    racks: z.number().int().positive().max(MAX_RACKS_PER_HALL),
    data: binary,
  })
  .refine((w) => w.data.byteLength === w.racks * RACK_COLUMNS.length * 4, {
    message: 'data must hold racks × 3 float32 values',
    path: ['data'],
  });

export function encodeRackBlock(block: RackBlock): RackWire {
  const n = block.powerKw.length;
  const out = new Float32Array(n * 3);
  out.set(block.powerKw, 0);
  out.set(block.utilPct, n);
  out.set(block.inletTempC, 2 * n);
  return { site: block.site, hall: block.hall, t: block.t, racks: n, data: new Uint8Array(out.buffer) };
}

/** Copies into aligned storage: a received Buffer may sit at an odd offset inside a pooled slab. */
function alignedCopy(wire: RackWire): Uint8Array {
  const n = wire.racks;
  const bytes = wire.data instanceof Uint8Array ? wire.data : new Uint8Array(wire.data);
  const aligned = new Uint8Array(n * 12);
  aligned.set(bytes.subarray(0, n * 12));
  return aligned;
}

export function decodeRackWire(wire: RackWire): RackBlock {
  const n = wire.racks;
  const all = new Float32Array(alignedCopy(wire).buffer);
  return {
    site: wire.site,
    hall: wire.hall,
    t: wire.t,
    powerKw: all.slice(0, n),
    utilPct: all.slice(n, 2 * n),
    inletTempC: all.slice(2 * n, 3 * n),
  };
}

/** A received rack block held once: its columns and the bytes to forward are the same memory. */
export interface AdoptedRacks {
  block: RackBlock;
  wire: RackWire & { data: Uint8Array };
}

/**
 * For a process that keeps a received block and also forwards it (the server: gate → store, alerts,
 * recorder, viewers): one aligned copy of the declared bytes, read as columns (views, no further copy)
 * and sent on as they came, so a block is never decoded and encoded again in the same process. The
 * copy also drops anything a sender put beyond the declared columns. Neither side may write to it.
 */
export function adoptRackWire(wire: RackWire): AdoptedRacks {
  const n = wire.racks;
  const data = alignedCopy(wire);
  const all = new Float32Array(data.buffer);
  return {
    block: {
      site: wire.site,
      hall: wire.hall,
      t: wire.t,
      powerKw: all.subarray(0, n),
      utilPct: all.subarray(n, 2 * n),
      inletTempC: all.subarray(2 * n, 3 * n),
    },
    wire: { site: wire.site, hall: wire.hall, t: wire.t, racks: n, data },
  };
}

/** Physical plausibility of decoded values; NaN and negatives are refused rather than stored. */
export function checkRackValues(block: RackBlock): string | null {
  for (let i = 0; i < block.powerKw.length; i++) {
    const p = block.powerKw[i]!;
    const u = block.utilPct[i]!;
    const c = block.inletTempC[i]!;
    if (!Number.isFinite(p) || p < 0 || p > 2000) return `powerKw[${i}] out of range (${p})`;
    if (!Number.isFinite(u) || u < 0 || u > 100) return `utilPct[${i}] out of range (${u})`;
    if (!Number.isFinite(c) || c < -50 || c > 120) return `inletTempC[${i}] out of range (${c})`;
  }
  return null;
}
