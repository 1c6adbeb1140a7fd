import { RecordingError } from './recordingError.ts';

/**
 * The largest chunk a reader will inflate. Gigawatt closes chunks near 256 KiB and the biggest single
 * message (a 20k-rack hall as JSON) is under 1 MiB, so anything near this limit is hostile or broken.
 */
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MIN_MATCH = 4;
const SHORT_COPY = 32;

function corrupt(message: string): RecordingError {
  return new RecordingError('corrupt', `lz4: ${message}`);
}

function u32(src: Uint8Array, at: number): number {
  if (at + 4 > src.length) throw corrupt('frame ends early');
  return (src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24)) >>> 0;
}

/**
 * LZ4 frame decoder with a bounds check on every read and write. Written here rather than taken from
 * lz4js because lz4js trusts its input: a crafted run length makes it loop for billions of iterations,
 * and a hostile recording must fail fast instead. Also keeps the browser's read path free of lz4js
 * (which allocates a 5 MB buffer when loaded).
 */
export function decompressLz4(src: Uint8Array, decompressedSize: bigint): Uint8Array {
  if (decompressedSize > BigInt(MAX_CHUNK_BYTES)) {
    throw new RecordingError(
      'too-large',
      `lz4: chunk declares ${decompressedSize} bytes (limit ${MAX_CHUNK_BYTES})`,
    );
  }
  const size = Number(decompressedSize);
  // LZ4 cannot expand more than ~255:1, so a tiny input claiming a huge output is refused before allocating.
  if (size > src.length * 255 + 64) throw corrupt(`${src.length} bytes cannot inflate to ${size}`);
  const dst = new Uint8Array(size);
  let s = 0;
  let d = 0;
  while (s < src.length) {
    const magic = u32(src, s);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      s += 8 + u32(src, s + 4);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt(`bad frame magic 0x${magic.toString(16)}`);
    s += 4;
    if (s + 3 > src.length) throw corrupt('frame descriptor ends early');
    const flags = src[s++]!;
    if ((flags & 0xc0) !== 0x40) throw corrupt(`unsupported frame version ${(flags >> 6) & 3}`);
    const blockChecksum = (flags & 0x10) !== 0;
    const contentSize = (flags & 0x08) !== 0;
    const contentChecksum = (flags & 0x04) !== 0;
    const dictId = (flags & 0x01) !== 0;
    s++; // BD byte: the block size limit is implied by the output bound checks below
    if (contentSize) s += 8;
    if (dictId) throw corrupt('dictionaries are not supported');
    s++; // header checksum; the chunk's CRC over the inflated bytes catches corruption
    for (;;) {
      const word = u32(src, s);
      s += 4;
      if (word === 0) break;
      const length = word & 0x7fffffff;
      if (s + length > src.length) throw corrupt('block runs past the end of the frame');
      if (word & 0x80000000) {
        if (d + length > size) throw corrupt('output larger than declared');
        dst.set(src.subarray(s, s + length), d);
        d += length;
      } else {
        d = decodeBlock(src, s, s + length, dst, d);
      }
      s += length + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) s += 4;
    if (s > src.length) throw corrupt('frame ends early');
  }
  if (d !== size) throw corrupt(`inflated to ${d} bytes, chunk declares ${size}`);
  return dst;
}

function decodeBlock(src: Uint8Array, start: number, end: number, dst: Uint8Array, out: number): number {
  let s = start;
  let d = out;
  while (s < end) {
    const token = src[s++]!;
    let literals = token >>> 4;
    if (literals === 15) {
      for (;;) {
        if (s >= end) throw corrupt('literal length runs past the block');
        const b = src[s++]!;
        literals += b;
        if (b !== 255) break;
      }
    }
    if (s + literals > end) throw corrupt('literals run past the block');
    if (d + literals > dst.length) throw corrupt('output larger than declared');
    // Short runs dominate JSON; a plain loop beats creating a subarray for each of them.
    if (literals < SHORT_COPY) {
      for (const stop = s + literals; s < stop; ) dst[d++] = src[s++]!;
    } else {
      dst.set(src.subarray(s, s + literals), d);
      s += literals;
      d += literals;
    }
    if (s === end) return d; // the last sequence of a block has literals only
    if (s + 2 > end) throw corrupt('match offset runs past the block');
    const offset = src[s]! | (src[s + 1]! << 8);
    s += 2;
    if (offset === 0 || offset > d) throw corrupt(`match offset ${offset} points before the output`);
    let match = token & 15;
    if (match === 15) {
      for (;;) {
        if (s >= end) throw corrupt('match length runs past the block');
        const b = src[s++]!;
        match += b;
        if (b !== 255) break;
      }
    }
    match += MIN_MATCH;
    if (d + match > dst.length) throw corrupt('output larger than declared');
    let from = d - offset;
    if (offset >= match && match >= SHORT_COPY) {
      dst.copyWithin(d, from, from + match);
      d += match;
    } else {
      // Short, or overlapping (offset < length repeats the last `offset` bytes): byte by byte on purpose.
      for (const stop = d + match; d < stop; ) dst[d++] = dst[from++]!;
    }
  }
  return d;
}
