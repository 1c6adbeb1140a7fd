import { MAX_CHUNK_BYTES } from './decompressLz4.ts';
import { errorMessage, RecordingError } from './recordingError.ts';
import { loadZstdWasm } from './zstdWasm.ts';

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Block_Maximum_Size of the zstd format (RFC 8878 §3.1.1.2.4). */
const MAX_BLOCK = 128 * 1024;

/** Inflates one zstd frame; `capacity` is the most it may produce. */
type InflateFrame = (frame: Uint8Array, capacity: number) => Uint8Array;

let inflateFrame: InflateFrame | undefined;
let loading: Promise<void> | undefined;

function corrupt(message: string): RecordingError {
  return new RecordingError('corrupt', `zstd: ${message}`);
}

/** Node (not a browser): looked up without Node's types, which the client does not have. */
function inNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** libzstd's error codes (zstd_errors.h) that hostile or damaged data can provoke. */
const LIBZSTD_ERRORS: Record<number, string> = {
  10: 'unknown frame prefix',
  12: 'unsupported version',
  14: 'unsupported frame parameter',
  16: 'window too large',
  20: 'corrupted data',
  22: 'checksum mismatch',
  24: 'literals header wrong',
  30: 'dictionary corrupted',
  32: 'dictionary wrong',
  70: 'output larger than declared',
  72: 'data ends early or runs on',
};

async function loadWasmInflate(): Promise<InflateFrame> {
  const zstd = await loadZstdWasm();
  return (frame, capacity) => {
    try {
      // With no content size in the frame header libzstd allocates `defaultHeapSize`: at most the capacity.
      return zstd.decompress(frame, { defaultHeapSize: Math.max(1, capacity) });
    } catch (error) {
      // The package reports decoding errors as "Failed to compress with code -N".
      const code = /code (-?\d+)/.exec(errorMessage(error))?.[1];
      const name = code === undefined ? undefined : LIBZSTD_ERRORS[Math.abs(Number(code))];
      throw new Error(name ?? errorMessage(error).replace('compress', 'decompress'));
    }
  };
}

async function loadJsInflate(): Promise<InflateFrame> {
  return (await import('./fzstdDecoder.ts')).inflateZstdFrame;
}

/** Which zstd decoder: libzstd as WebAssembly (Node's default), or fzstd (the browser's). */
export type ZstdDecoderKind = 'libzstd' | 'fzstd';

let loadedKind: ZstdDecoderKind | undefined;

/**
 * Loads the zstd decoder; a reader must await this before it reads zstd chunks (openRecording does when
 * the index lists one). Node decodes with libzstd (WebAssembly), which refuses hostile input within the
 * declared size: the server reads files that come from outside. The browser decodes with fzstd (pure
 * JavaScript, 7 KB, no WebAssembly to fetch), loaded on demand so that only the player pays for it;
 * what it reads was written or verified by the server, or is the user's own file. `kind` picks one
 * explicitly (tests run both; the bench measures the player's).
 */
export function loadZstdDecoder(kind?: ZstdDecoderKind): Promise<void> {
  if (kind !== undefined && loadedKind !== undefined && kind !== loadedKind) loading = undefined;
  const want = kind ?? loadedKind ?? (inNode() ? 'libzstd' : 'fzstd');
  loading ??= (want === 'libzstd' ? loadWasmInflate() : loadJsInflate()).then(
    (f) => {
      inflateFrame = f;
      loadedKind = want;
    },
    (error: unknown) => {
      loading = undefined;
      throw new RecordingError('unsupported', `the zstd decoder could not load: ${errorMessage(error)}`, {
        cause: error,
      });
    },
  );
  return loading;
}

function u32(src: Uint8Array, at: number): number {
  if (at + 4 > src.length) throw corrupt('frame ends early');
  return (src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24)) >>> 0;
}

interface Frame {
  start: number;
  end: number;
  /** The frame header's content size, when it has one. */
  contentSize: number | undefined;
  /** Bounds of what the frame can inflate to, from its blocks. */
  min: number;
  max: number;
}

/**
 * Walks the frames and block headers without decoding (RFC 8878): checks that every frame is whole, that
 * nothing uses a dictionary, that windows and blocks are within the format's limits and that the frames
 * can inflate to the size the chunk declares. A decoder then never allocates for a size the file merely
 * claims.
 */
function framesOf(src: Uint8Array, declared: number): Frame[] {
  const frames: Frame[] = [];
  let s = 0;
  while (s < src.length) {
    const magic = u32(src, s);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      s += 8 + u32(src, s + 4);
      if (s > src.length) throw corrupt('skippable frame runs past the data');
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt(`bad frame magic 0x${magic.toString(16)}`);
    const start = s;
    s += 4;
    if (s >= src.length) throw corrupt('frame header ends early');
    const fhd = src[s++]!;
    if (fhd & 0x08) throw corrupt('reserved frame header bit set');
    const single = (fhd & 0x20) !== 0;
    const checksum = (fhd & 0x04) !== 0;
    const dictBytes = [0, 1, 2, 4][fhd & 3]!;
    const fcsBytes = [single ? 1 : 0, 2, 4, 8][fhd >> 6]!;
    let window = 0;
    if (!single) {
      if (s >= src.length) throw corrupt('frame header ends early');
      const wd = src[s++]!;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    }
    if (s + dictBytes + fcsBytes > src.length) throw corrupt('frame header ends early');
    let dictId = 0;
    for (let i = 0; i < dictBytes; i++) dictId += src[s + i]! * 2 ** (8 * i);
    s += dictBytes;
    if (dictId !== 0) throw corrupt(`the data needs dictionary ${dictId}; dictionaries are not supported`);
    let contentSize: number | undefined;
    if (fcsBytes > 0) {
      let v = 0;
      for (let i = 0; i < fcsBytes; i++) v += src[s + i]! * 2 ** (8 * i);
      contentSize = fcsBytes === 2 ? v + 256 : v;
      s += fcsBytes;
      if (contentSize > declared)
        throw corrupt(`a frame declares ${contentSize} bytes, the chunk ${declared} in all`);
      if (single) window = contentSize;
    }
    if (window > MAX_CHUNK_BYTES) throw corrupt(`window of ${window} bytes (limit ${MAX_CHUNK_BYTES})`);
    const blockMax = Math.min(MAX_BLOCK, Math.max(window, 1));
    let min = 0;
    let max = 0;
    for (let last = false; !last; ) {
      if (s + 3 > src.length) throw corrupt('block header runs past the data');
      const header = src[s]! | (src[s + 1]! << 8) | (src[s + 2]! << 16);
      s += 3;
      last = (header & 1) === 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw corrupt('reserved block type');
      if (size > MAX_BLOCK) throw corrupt(`block of ${size} bytes (limit ${MAX_BLOCK})`);
      const stored = type === 1 ? 1 : size;
      if (s + stored > src.length) throw corrupt('block runs past the data');
      s += stored;
      if (type === 2) max += blockMax;
      else {
        min += size;
        max += size;
      }
    }
    if (checksum) s += 4;
    if (s > src.length) throw corrupt('frame checksum runs past the data');
    if (contentSize !== undefined && (contentSize < min || contentSize > max))
      throw corrupt(`a frame declares ${contentSize} bytes but its blocks hold ${min} to ${max}`);
    frames.push({ start, end: s, contentSize, min, max });
  }
  const min = frames.reduce((n, f) => n + (f.contentSize ?? f.min), 0);
  const max = frames.reduce((n, f) => n + (f.contentSize ?? f.max), 0);
  if (declared < min || declared > max)
    throw corrupt(
      `the data inflates to ${min === max ? min : `${min} to ${max}`} bytes, the chunk declares ${declared}`,
    );
  return frames;
}

/**
 * MCAP decompress handler for "zstd" chunks: every frame inflated to exactly the size the chunk declares
 * (the chunk's CRC, checked by the reader, then covers the content). Throws a RecordingError.
 */
export function decompressZstd(src: Uint8Array, decompressedSize: bigint): Uint8Array {
  if (decompressedSize > BigInt(MAX_CHUNK_BYTES)) {
    throw new RecordingError(
      'too-large',
      `zstd: chunk declares ${decompressedSize} bytes (limit ${MAX_CHUNK_BYTES})`,
    );
  }
  const inflate = inflateFrame;
  if (!inflate) {
    throw new RecordingError(
      'unsupported',
      'zstd: the decoder is not loaded (await loadZstdDecoder() first)',
    );
  }
  const size = Number(decompressedSize);
  const frames = framesOf(src, size);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const [i, f] of frames.entries()) {
    let part: Uint8Array;
    try {
      part = inflate(src.subarray(f.start, f.end), size - total);
    } catch (error) {
      throw corrupt(`frame ${i + 1} does not decode (${errorMessage(error)})`);
    }
    total += part.byteLength;
    if (total > size) throw corrupt(`inflates past the ${size} bytes the chunk declares`);
    parts.push(part);
  }
  if (total !== size) throw corrupt(`inflated to ${total} bytes, chunk declares ${size}`);
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
