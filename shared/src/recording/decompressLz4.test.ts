import fc from 'fast-check';
import { compress } from 'lz4js';
import { describe, expect, it } from 'vitest';
import { decompressLz4 } from './decompressLz4.ts';
import { RecordingError } from './recordingError.ts';
import { encodeUtf8 } from './textCodec.ts';

const FRAME_HEADER = [0x04, 0x22, 0x4d, 0x18, 0x40, 0x70, 0xdf];

describe('decompressLz4', () => {
  it('inflates what lz4js compresses (random and repetitive data)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }),
          fc
            .tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 400 }))
            .map(([unit, n]) =>
              Uint8Array.from({ length: unit.length * n }, (_, i) => unit[i % unit.length]!),
            ),
        ),
        (data) => {
          expect(decompressLz4(compress(data), BigInt(data.length))).toEqual(data);
        },
      ),
      { seed: 11, numRuns: 150 },
    );
  });

  it('handles a frame spanning two 4 MiB blocks with matches across them', () => {
    const data = Uint8Array.from({ length: 5 * 1024 * 1024 }, (_, i) => (i * 31) % 251);
    const back = decompressLz4(compress(data), BigInt(data.length));
    // A plain loop: deep equality on 5 M elements would take the test runner a minute.
    expect(back.length).toBe(data.length);
    expect(data.findIndex((b, i) => back[i] !== b)).toBe(-1);
  });

  it('refuses a frame cut at any byte, or a wrong declared size, with a RecordingError', () => {
    const data = encodeUtf8('{"site":"ohio","t":1780315200000} '.repeat(50));
    const frame = compress(data);
    for (let cut = 0; cut < frame.length; cut++) {
      expect(() => decompressLz4(frame.subarray(0, cut), BigInt(data.length))).toThrow(RecordingError);
    }
    expect(() => decompressLz4(frame, BigInt(data.length + 1))).toThrow(/declares/);
    expect(() => decompressLz4(frame, BigInt(data.length - 1))).toThrow(RecordingError);
  });

  it('fails fast on hostile frames instead of looping or allocating', () => {
    // A run-length bomb: one token asking for a match billions of bytes long.
    const bomb = Uint8Array.from([...FRAME_HEADER, 0x00, 0x00, 0x10, 0x00, 0x1f, 0x41, 0x01, 0x00]);
    const bombBody = new Uint8Array(1024 * 1024).fill(0xff);
    const bombFrame = new Uint8Array(bomb.length + bombBody.length + 4);
    bombFrame.set(bomb);
    bombFrame.set(bombBody, bomb.length);
    new DataView(bombFrame.buffer).setUint32(7, bombBody.length + 3, true);
    const started = Date.now();
    expect(() => decompressLz4(bombFrame, 1000n)).toThrow(RecordingError);
    expect(Date.now() - started).toBeLessThan(1000);

    expect(() => decompressLz4(Uint8Array.of(1, 2, 3, 4, 5), 10n)).toThrow(/bad frame magic|ends early/);
    expect(() => decompressLz4(new Uint8Array(16), 2n ** 40n)).toThrow(/limit/);
    expect(() => decompressLz4(new Uint8Array(16), 1_000_000n)).toThrow(/cannot inflate/);
    // A match whose offset points before the start of the output.
    const backRef = Uint8Array.from([...FRAME_HEADER, 3, 0, 0, 0, 0x00, 0x05, 0x00, 0, 0, 0, 0]);
    expect(() => decompressLz4(backRef, 4n)).toThrow(/points before/);
  });

  it('never throws anything but a RecordingError on random bytes after a frame header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 5000 }), (body, size) => {
        const frame = Uint8Array.from([...FRAME_HEADER, ...body]);
        try {
          decompressLz4(frame, BigInt(size));
        } catch (error) {
          expect(error).toBeInstanceOf(RecordingError);
        }
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});
