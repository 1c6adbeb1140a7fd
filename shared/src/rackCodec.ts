import { z } from 'zod';
import { idSchema } from './fleetSchema.ts';
import { epochMsSchema, type RackBlock } from './sampleSchema.ts';

/**
 * Racks travel as one binary attachment of float32 columns (power, util, inlet temp, and for a
 * liquid-cooled hall coolant return), so a rack value costs 4 bytes plus a small shared JSON header;
 * socket.io sends Uint8Array/ArrayBuffer as binary frames. The column count follows from the byte length.
 */
export interface RackWire {
  site: string;
  hall: string;
  t: number;
  racks: number;
  data: Uint8Array | ArrayBuffer;
}

export const RACK_COLUMNS = ['powerKw', 'utilPct', 'inletTempC'] as const;
/** Sent after the three base columns by liquid-cooled halls only. */
export const RACK_COOLANT_COLUMN = 'coolantReturnC' as const;
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
  .refine(
    (w) =>
      w.data.byteLength === w.racks * RACK_COLUMNS.length * 4 ||
      w.data.byteLength === w.racks * (RACK_COLUMNS.length + 1) * 4,
    { message: 'data must hold racks × 3 float32 values (racks × 4 with coolant return)', path: ['data'] },
  );

/** 3 or 4: how many columns a validated wire carries. */
export const rackWireColumns = (wire: RackWire): number => wire.data.byteLength / (wire.racks * 4);

export function encodeRackBlock(block: RackBlock): RackWire {
  const n = block.powerKw.length;
  const coolant = block.coolantReturnC;
  const out = new Float32Array(n * (coolant ? 4 : 3));
  out.set(block.powerKw, 0);
  out.set(block.utilPct, n);
  out.set(block.inletTempC, 2 * n);
  if (coolant) out.set(coolant, 3 * n);
  return { site: block.site, hall: block.hall, t: block.t, racks: n, data: new Uint8Array(out.buffer) };
}

/**
 * Copies into aligned storage: a received Buffer may sit at an odd offset inside a pooled slab. Only
 * whole declared columns are kept.
 */
function alignedCopy(wire: RackWire): Uint8Array {
  const bytes = wire.data instanceof Uint8Array ? wire.data : new Uint8Array(wire.data);
  const size = wire.racks * 4 * (rackWireColumns(wire) >= 4 ? 4 : 3);
  const aligned = new Uint8Array(size);
  aligned.set(bytes.subarray(0, size));
  return aligned;
}

function columnsOf(wire: RackWire, all: Float32Array, view: boolean) {
  const n = wire.racks;
  const col = (i: number) => (view ? all.subarray(i * n, (i + 1) * n) : all.slice(i * n, (i + 1) * n));
  const block: RackBlock = {
    site: wire.site,
    hall: wire.hall,
    t: wire.t,
    powerKw: col(0),
    utilPct: col(1),
    inletTempC: col(2),
  };
  if (all.length >= 4 * n) block.coolantReturnC = col(3);
  return block;
}

export function decodeRackWire(wire: RackWire): RackBlock {
  return columnsOf(wire, new Float32Array(alignedCopy(wire).buffer), false);
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
  const data = alignedCopy(wire);
  return {
    block: columnsOf(wire, new Float32Array(data.buffer), true),
    wire: { site: wire.site, hall: wire.hall, t: wire.t, racks: wire.racks, data },
  };
}

/** Physical plausibility of decoded values; NaN and negatives are refused rather than stored. */
export function checkRackValues(block: RackBlock): string | null {
  const coolant = block.coolantReturnC;
  if (coolant && coolant.length !== block.powerKw.length)
    return 'coolantReturnC must have one value per rack';
  for (let i = 0; i < block.powerKw.length; i++) {
    const p = block.powerKw[i]!;
    const u = block.utilPct[i]!;
    const c = block.inletTempC[i]!;
    if (!Number.isFinite(p) || p < 0 || p > 2000) return `powerKw[${i}] out of range (${p})`;
    if (!Number.isFinite(u) || u < 0 || u > 100) return `utilPct[${i}] out of range (${u})`;
    if (!Number.isFinite(c) || c < -50 || c > 120) return `inletTempC[${i}] out of range (${c})`;
    if (coolant) {
      const r = coolant[i]!;
      if (!Number.isFinite(r) || r < -50 || r > 120) return `coolantReturnC[${i}] out of range (${r})`;
    }
  }
  return null;
}
