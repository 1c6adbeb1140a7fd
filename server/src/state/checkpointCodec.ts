import { type SiteSample, siteSampleSchema } from '@gigawatt/shared';
import type { StoreChunk } from '../store/telemetryStore.ts';

/**
 * The embedded checkpoint file: a magic line, a JSON header, then one block per table tier (a JSON
 * meta and its columns as raw little-endian arrays), then an end marker. Everything is length-prefixed,
 * so a truncated or damaged file is recognised as such instead of being half-loaded.
 */
export const CHECKPOINT_MAGIC = 'GIGAWATT-CHECKPOINT 1\n';
const END = 0xffffffff;

export interface CheckpointHeader {
  version: 1;
  savedAt: number;
  /** Index of the first sample log not wholly inside this checkpoint: restore replays from it. */
  replayFrom: number;
  latest: SiteSample[];
}

interface ChunkMeta {
  table: string;
  keys: string[];
  name: string;
  stepMs: number;
  capacity: number;
  newest: number;
  earliest: number;
  from: number;
  count: number;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const bytesOf = (a: Float32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export function encodeHeader(h: CheckpointHeader): Buffer {
  const json = Buffer.from(JSON.stringify(h));
  return Buffer.concat([Buffer.from(CHECKPOINT_MAGIC), u32(json.length), json]);
}

/**
 * One table tier as buffers to write in order. `at` is where the chunk starts in the file: the meta
 * JSON is padded with spaces (still the same JSON) so the columns start 8-byte aligned there, and a
 * reader can take them as views of the file's bytes instead of copying each one.
 */
export function encodeChunk(c: StoreChunk, at = 0): Buffer[] {
  const { chunk } = c;
  const meta: ChunkMeta = {
    table: c.table,
    keys: [...c.keys],
    name: chunk.name,
    stepMs: chunk.stepMs,
    capacity: chunk.capacity,
    newest: chunk.newest,
    earliest: chunk.earliest,
    from: chunk.from,
    count: chunk.count,
  };
  const text = JSON.stringify(meta);
  const pad = (8 - ((at + 4 + Buffer.byteLength(text)) % 8)) % 8;
  const json = Buffer.from(text + ' '.repeat(pad));
  const out = [u32(json.length), json, bytesOf(chunk.times), bytesOf(chunk.weight)];
  for (let k = 0; k < c.keys.length; k++) {
    out.push(bytesOf(chunk.mean[k]!), bytesOf(chunk.min[k]!), bytesOf(chunk.max[k]!));
  }
  return out;
}

export const encodeEnd = (): Buffer => u32(END);

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** Parses a whole checkpoint file; throws CheckpointError on anything truncated or malformed. */
export function decodeCheckpoint(buf: Buffer): { header: CheckpointHeader; chunks: StoreChunk[] } {
  let off = 0;
  const need = (n: number) => {
    if (off + n > buf.length) throw new CheckpointError('checkpoint is truncated');
  };
  const magic = Buffer.from(CHECKPOINT_MAGIC);
  need(magic.length);
  if (!buf.subarray(0, magic.length).equals(magic)) throw new CheckpointError('not a Gigawatt checkpoint');
  off = magic.length;
  const readJson = (): unknown => {
    need(4);
    const len = buf.readUInt32LE(off);
    off += 4;
    need(len);
    const text = buf.subarray(off, off + len).toString('utf8');
    off += len;
    try {
      return JSON.parse(text);
    } catch {
      throw new CheckpointError('checkpoint header is not JSON');
    }
  };
  const raw = readJson() as Partial<CheckpointHeader> | null;
  if (raw?.version !== 1 || typeof raw.replayFrom !== 'number' || !Array.isArray(raw.latest)) {
    throw new CheckpointError('checkpoint header is not version 1');
  }
  const latest: SiteSample[] = [];
  for (const s of raw.latest) {
    const parsed = siteSampleSchema.safeParse(s);
    if (parsed.success) latest.push(parsed.data);
  }
  const header: CheckpointHeader = {
    version: 1,
    savedAt: Number(raw.savedAt),
    replayFrom: raw.replayFrom,
    latest,
  };
  // Columns are views of `data` from `at`: the file's own bytes when they are 8-byte aligned there (a
  // checkpoint this server wrote), else one aligned copy of the chunk's columns (a few hundred calls
  // to `new Float32Array` per table were most of a restart's time).
  let data: Uint8Array = buf;
  let at = 0;
  const f64 = (n: number) => {
    const a = new Float64Array(data.buffer, data.byteOffset + at, n);
    at += n * 8;
    return a;
  };
  const f32 = (n: number) => {
    const a = new Float32Array(data.buffer, data.byteOffset + at, n);
    at += n * 4;
    return a;
  };
  const chunks: StoreChunk[] = [];
  for (;;) {
    need(4);
    if (buf.readUInt32LE(off) === END) break;
    const meta = readJson() as ChunkMeta;
    if (
      !meta ||
      typeof meta.table !== 'string' ||
      !Array.isArray(meta.keys) ||
      !Number.isInteger(meta.count) ||
      meta.count < 0 ||
      meta.count > 10_000_000
    ) {
      throw new CheckpointError('checkpoint chunk is malformed');
    }
    const bytes = meta.count * (8 + 4 + 12 * meta.keys.length);
    need(bytes);
    if ((buf.byteOffset + off) % 8 === 0) {
      data = buf;
      at = off;
    } else {
      data = new Uint8Array(bytes);
      data.set(buf.subarray(off, off + bytes));
      at = 0;
    }
    off += bytes;
    const times = f64(meta.count);
    const weight = f32(meta.count);
    const mean: Float32Array[] = [];
    const min: Float32Array[] = [];
    const max: Float32Array[] = [];
    for (let k = 0; k < meta.keys.length; k++) {
      mean.push(f32(meta.count));
      min.push(f32(meta.count));
      max.push(f32(meta.count));
    }
    chunks.push({
      table: meta.table,
      keys: meta.keys,
      chunk: {
        name: meta.name as StoreChunk['chunk']['name'],
        stepMs: meta.stepMs,
        capacity: meta.capacity,
        newest: meta.newest,
        earliest: meta.earliest,
        from: meta.from,
        count: meta.count,
        times,
        weight,
        mean,
        min,
        max,
      },
    });
  }
  return { header, chunks };
}
