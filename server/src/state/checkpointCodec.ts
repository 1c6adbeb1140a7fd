import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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

/** Where a checkpoint's bytes come from: a buffer in memory, or a file read a piece at a time. */
interface ByteSource {
  size: number;
  /** n bytes from pos; `payload`: a chunk's columns (a file source reads them into reused memory). */
  bytes(pos: number, n: number, payload?: boolean): Uint8Array;
}

interface ChunkEntry {
  meta: ChunkMeta;
  /** Where its columns start, and how many bytes they take. */
  at: number;
  bytes: number;
}

/**
 * The whole file's layout, checked before any of it is used: the header, and every chunk's meta and
 * where its columns are. A truncated or malformed file throws CheckpointError here, so nothing of it
 * is ever half-imported.
 */
function readLayout(src: ByteSource): { header: CheckpointHeader; chunks: ChunkEntry[] } {
  let off = 0;
  const need = (n: number) => {
    if (off + n > src.size) throw new CheckpointError('checkpoint is truncated');
  };
  const u32At = () => {
    need(4);
    const b = src.bytes(off, 4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16)) + b[3]! * 2 ** 24;
  };
  const magic = Buffer.from(CHECKPOINT_MAGIC);
  need(magic.length);
  if (!Buffer.from(src.bytes(0, magic.length)).equals(magic)) {
    throw new CheckpointError('not a Gigawatt checkpoint');
  }
  off = magic.length;
  const readJson = (): unknown => {
    const len = u32At();
    off += 4;
    need(len);
    const text = Buffer.from(src.bytes(off, len)).toString('utf8');
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
  const chunks: ChunkEntry[] = [];
  for (;;) {
    if (u32At() === END) break;
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
    chunks.push({ meta, at: off, bytes });
    off += bytes;
  }
  return { header, chunks };
}

/**
 * One chunk over its column bytes: views when they are 8-byte aligned (a checkpoint this server wrote,
 * read from the file's own bytes or into aligned memory), else one aligned copy (a few hundred calls to
 * `new Float32Array` per table were most of a restart's time).
 */
function chunkOver(meta: ChunkMeta, bytes: Uint8Array): StoreChunk {
  let data = bytes;
  if (data.byteOffset % 8 !== 0) {
    data = new Uint8Array(bytes.length);
    data.set(bytes);
  }
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
  return {
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
  };
}

/** Parses a whole checkpoint in memory; throws CheckpointError on anything truncated or malformed. */
export function decodeCheckpoint(buf: Buffer): { header: CheckpointHeader; chunks: StoreChunk[] } {
  const src: ByteSource = { size: buf.length, bytes: (pos, n) => buf.subarray(pos, pos + n) };
  const { header, chunks } = readLayout(src);
  return { header, chunks: chunks.map((c) => chunkOver(c.meta, src.bytes(c.at, c.bytes))) };
}

/**
 * Reads a checkpoint file a chunk at a time, handing each to `onChunk` as views of one reused buffer
 * (valid during the call): a restart reads ~180 MB without first faulting in a buffer that size. The
 * layout is checked before the first chunk is handed over; throws CheckpointError like decodeCheckpoint.
 */
export function readCheckpointFile(path: string, onChunk: (c: StoreChunk) => void): CheckpointHeader {
  const fd = openSync(path, 'r');
  try {
    let scratch = new Uint8Array(0);
    const read = (into: Uint8Array, pos: number) => {
      let done = 0;
      while (done < into.length) {
        const n = readSync(fd, into, done, into.length - done, pos + done);
        if (n === 0) throw new CheckpointError('checkpoint is truncated');
        done += n;
      }
      return into;
    };
    const src: ByteSource = {
      size: fstatSync(fd).size,
      bytes(pos, n, payload) {
        if (!payload) return read(new Uint8Array(n), pos);
        if (scratch.length < n) scratch = new Uint8Array(n);
        return read(scratch.subarray(0, n), pos);
      },
    };
    const { header, chunks } = readLayout(src);
    for (const c of chunks) onChunk(chunkOver(c.meta, src.bytes(c.at, c.bytes, true)));
    return header;
  } finally {
    closeSync(fd);
  }
}
