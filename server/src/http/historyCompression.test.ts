import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { brotliDecompressSync, createBrotliDecompress, createGunzip, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brotliTail, gzipTail, openBrotli, openGzip } from './historyCompression.ts';

/** Decoded as a client decodes a response: streaming, so bytes after the end or a cut-short end fail. */
const streamed = (bytes: Buffer, decoder: NodeJS.ReadWriteStream) =>
  buffer(Readable.from([bytes]).pipe(decoder));

/** JSON-like text (what the heads are) or arbitrary bytes (what compresses worst). */
const bodies = fc.oneof(
  fc
    .array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 3000 })
    .map((xs) => Buffer.from(JSON.stringify(xs))),
  fc.uint8Array({ maxLength: 5000 }).map((b) => Buffer.from(b)),
);
const tails = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b));

describe('appendable compression (history heads)', () => {
  it('decodes head + any tail to the body and the tail, in brotli and gzip, streaming or not', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.array(tails, { minLength: 1, maxLength: 3 }), async (body, ts) => {
        const br = await openBrotli(body);
        const gz = await openGzip(body);
        // One open head serves many tails (one per request): appending never changes it.
        for (const tail of ts) {
          const whole = Buffer.concat([body, tail]);
          const b = Buffer.concat([...br.head, brotliTail(tail)]);
          const g = Buffer.concat([...gz.head, gzipTail(gz, tail)]);
          expect(brotliDecompressSync(b).equals(whole)).toBe(true);
          expect(gunzipSync(g).equals(whole)).toBe(true);
          expect((await streamed(b, createBrotliDecompress())).equals(whole)).toBe(true);
          expect((await streamed(g, createGunzip())).equals(whole)).toBe(true);
        }
      }),
      { seed: 21, numRuns: 60 },
    );
  });

  it('holds for a head the size of a week of history and the longest tail a block takes', async () => {
    const body = Buffer.from(
      JSON.stringify(Array.from({ length: 150_000 }, (_, i) => Math.round(Math.sin(i / 40) * 1e6) / 1e3)),
    );
    const tail = Buffer.alloc(65_535, 0x20);
    const br = await openBrotli(body);
    const whole = Buffer.concat([body, tail]);
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(brotliDecompressSync(Buffer.concat([...br.head, brotliTail(tail)])).equals(whole)).toBe(true);
    // Compressed, not stored: the head is a fraction of the body.
    expect(br.length).toBeLessThan(body.length / 2);
    // gzip in one piece or deflated side by side in several (as many as the machine has cores).
    for (const pieces of [1, 2, 3, 4]) {
      const gz = await openGzip(body, pieces);
      expect(gz.head.length).toBe(pieces + 1);
      const g = Buffer.concat([...gz.head, gzipTail(gz, tail)]);
      expect(g.length).toBe(gz.length + tail.length + 13);
      expect(gunzipSync(g).equals(whole)).toBe(true);
      expect((await streamed(g, createGunzip())).equals(whole)).toBe(true);
      expect(gz.length).toBeLessThan(body.length / 2);
    }
  });

  it('refuses a tail one stored block cannot hold', async () => {
    const gz = await openGzip(Buffer.from('{}'));
    expect(() => brotliTail(Buffer.alloc(0))).toThrow(RangeError);
    expect(() => brotliTail(Buffer.alloc(65_536))).toThrow(RangeError);
    expect(() => gzipTail(gz, Buffer.alloc(65_536))).toThrow(RangeError);
  });
});
