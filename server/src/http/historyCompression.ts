import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { brotliCompress, crc32, deflateRaw, constants as zlibConstants } from 'node:zlib';

const brotli = promisify(brotliCompress);
const deflated = promisify(deflateRaw);

/**
 * A body compressed up to a point, so that any short tail can be appended to it without compressing
 * again: the head of a history answer (a megabyte, the same for every viewer of one window in one
 * second) is compressed once, and each request adds its own `,"from":…,"to":…}` in a few bytes.
 * The tail goes in as a stored (uncompressed) block, a part of both formats that every decoder reads:
 * brotli (RFC 7932) an uncompressed meta-block then an empty last one, gzip (RFC 1951/1952) a final
 * stored block and the trailer with the CRC carried on over the tail.
 */
export interface OpenBody {
  /** Compressed head, in order, ending on a byte boundary where a further block may start. */
  head: readonly Buffer[];
  /** Bytes in head. */
  length: number;
  /** gzip: the CRC-32 and length of the uncompressed head, which the trailer covers with the tail. */
  crc: number;
  size: number;
}

/** Longest tail one stored block holds (both formats: 16 bits of length). */
const MAX_TAIL = 65_535;
/** A gzip member header: deflate, no name or comment, no time, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);

/** Output buffers as large as a history answer's compressed head, so zlib returns to this thread once. */
const chunkSizeFor = (n: number) => Math.min(4 << 20, Math.max(64 << 10, n >> 1));

/**
 * Brotli at quality 1: a week of 48 series (1 MB) in about 4 ms to 300 KB, where quality 4 took three
 * times as long for 6 % less and quality 5 ten times as long (bench/historyProfile.ts). A 256 KB window
 * (not the default 4 MB) compresses these answers as small (their repeats are near) with less of the
 * encoder's memory. The flush ends the stream on a byte boundary without finishing it.
 */
export async function openBrotli(body: Buffer): Promise<OpenBody> {
  const head = await brotli(body, {
    chunkSize: chunkSizeFor(body.length),
    finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH,
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: 1,
      [zlibConstants.BROTLI_PARAM_LGWIN]: 18,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  return { head: [head], length: head.length, crc: 0, size: body.length };
}

/** Bodies this long are deflated in pieces at once, one per core (up to four). */
const PIECE_BYTES = 256 * 1024;
const PIECES = Math.max(1, Math.min(4, availableParallelism()));

/**
 * Raw deflate at level 1 (gzip 6 took 3.5 times as long for 12 % less), sync-flushed: not final. A long
 * body is cut in pieces deflated side by side in zlib's thread pool and put one after another, as pigz
 * does: each ends on a byte boundary and refers to nothing before it, so together they are one valid
 * stream (some hundred bytes longer per piece than one would be), made in about half the time when another
 * core is free (level 1 deflate is the slowest part of a new answer: ~8 ms of 1 MB).
 */
export async function openGzip(body: Buffer, maxPieces = PIECES): Promise<OpenBody> {
  const pieces = Math.max(1, Math.min(maxPieces, Math.floor(body.length / PIECE_BYTES)));
  const cut = Math.ceil(body.length / pieces);
  const deflatedPieces = await Promise.all(
    Array.from({ length: pieces }, (_, i) => {
      const piece = body.subarray(i * cut, Math.min(body.length, (i + 1) * cut));
      return deflated(piece, {
        level: 1,
        chunkSize: chunkSizeFor(piece.length),
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
      });
    }),
  );
  return {
    head: [GZIP_HEADER, ...deflatedPieces],
    length: deflatedPieces.reduce((n, d) => n + d.length, GZIP_HEADER.length),
    crc: crc32(body),
    size: body.length,
  };
}

function checkTail(tail: Buffer): void {
  if (tail.length === 0 || tail.length > MAX_TAIL) throw new RangeError('a tail is 1 to 65535 bytes');
}

/** What follows an open brotli head to make a whole stream of head + tail. */
export function brotliTail(tail: Buffer): Buffer {
  checkTail(tail);
  const out = Buffer.allocUnsafe(tail.length + 4);
  // ISLAST 0, MNIBBLES 4 (code 0), MLEN - 1 in 16 bits, ISUNCOMPRESSED 1, then zero bits to the byte.
  const header = ((tail.length - 1) << 3) | (1 << 19);
  out[0] = header & 0xff;
  out[1] = (header >>> 8) & 0xff;
  out[2] = header >>> 16;
  tail.copy(out, 3);
  // ISLAST 1, ISLASTEMPTY 1: the stream ends.
  out[tail.length + 3] = 0x03;
  return out;
}

/** What follows an open gzip head to make a whole gzip member of head + tail. */
export function gzipTail(open: OpenBody, tail: Buffer): Buffer {
  checkTail(tail);
  const out = Buffer.allocUnsafe(tail.length + 13);
  // BFINAL 1, BTYPE 00 (stored), then to the byte; LEN and its complement, little-endian.
  out[0] = 0x01;
  out.writeUInt16LE(tail.length, 1);
  out.writeUInt16LE(~tail.length & 0xffff, 3);
  tail.copy(out, 5);
  out.writeUInt32LE(crc32(tail, open.crc), tail.length + 5);
  out.writeUInt32LE((open.size + tail.length) % 2 ** 32, tail.length + 9);
  return out;
}
