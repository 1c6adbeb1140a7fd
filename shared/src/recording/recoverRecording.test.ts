import { McapIndexedReader } from '@mcap/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  makeTestRecording,
  type RawMessage,
  streamMessages,
  type TestRecording,
  testMetadata,
} from './makeTestRecording.ts';
import { openRecording, recordingDecompressHandlers } from './openRecording.ts';
import { RecordingError } from './recordingError.ts';
import { bytesReadable } from './recordingReadable.ts';
import { recoverRecording } from './recoverRecording.ts';
import { encodeUtf8 } from './textCodec.ts';

/** End offset of each chunk record, in file order. */
async function chunkEnds(bytes: Uint8Array): Promise<number[]> {
  const reader = await McapIndexedReader.Initialize({
    readable: bytesReadable(bytes),
    decompressHandlers: recordingDecompressHandlers,
  });
  return reader.chunkIndexes.map((c) => Number(c.chunkStartOffset + c.chunkLength));
}

/** Messages a cut at `cut` must keep: those of every chunk that lies wholly before it. */
function expectedCount(rec: TestRecording, ends: number[], cut: number): number {
  let n = 0;
  ends.forEach((end, k) => {
    if (end <= cut) n = rec.countAfterChunk[k]!;
  });
  return n;
}

async function checkCut(
  rec: TestRecording,
  original: RawMessage[],
  ends: number[],
  headerEnd: number,
  cut: number,
  full = true,
): Promise<void> {
  const cutBytes = rec.bytes.slice(0, cut);
  if (cut < headerEnd) {
    await expect(recoverRecording(cutBytes)).rejects.toBeInstanceOf(RecordingError);
    return;
  }
  const r = await recoverRecording(cutBytes);
  const n = expectedCount(rec, ends, cut);
  expect(r.messages).toBe(n);
  expect(streamMessages(r.bytes)).toEqual(original.slice(0, n));
  expect(r.truncatedAt).toBeLessThanOrEqual(cut);
  if (full) expect((await openRecording(r.bytes)).messageCount).toBe(n);
}

describe('recoverRecording', () => {
  let small: TestRecording;
  let large: TestRecording;
  beforeAll(async () => {
    small = await makeTestRecording(3, { racks: 1, minimal: true });
    large = await makeTestRecording(60, { racks: 64 });
  });

  it('rebuilds a complete file unchanged in content, and says nothing was lost', async () => {
    const r = await recoverRecording(large.bytes);
    expect(r.complete).toBe(true);
    expect(r.truncatedAt).toBe(large.bytes.length);
    expect(r.messages).toBe(large.messages);
    expect(r.metadata).toEqual(testMetadata);
    expect(streamMessages(r.bytes)).toEqual(streamMessages(large.bytes));
    // Repacked into fewer, larger chunks: one per second became one per ~256 KiB.
    expect((await openRecording(r.bytes)).chunkCount).toBeLessThan(5);
  });

  it('recovers or cleanly refuses a small file cut at every byte', async () => {
    const ends = await chunkEnds(small.bytes);
    const headerEnd = 8 + 9 + new DataView(small.bytes.buffer).getUint32(9, true);
    const original = streamMessages(small.bytes);
    // Opening each result with the indexed reader too would double the time; every 16th cut does it.
    for (let cut = 0; cut <= small.bytes.length; cut++) {
      await checkCut(small, original, ends, headerEnd, cut, cut % 16 === 0);
    }
  });

  it('recovers a larger file cut anywhere (property)', async () => {
    const ends = await chunkEnds(large.bytes);
    const headerEnd = 8 + 9 + new DataView(large.bytes.buffer).getUint32(9, true);
    const original = streamMessages(large.bytes);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: large.bytes.length }), (cut) =>
        checkCut(large, original, ends, headerEnd, cut),
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('keeps what precedes a damaged chunk and says where it stopped', async () => {
    const ends = await chunkEnds(large.bytes);
    const damaged = large.bytes.slice();
    damaged[ends[10]! - 20]! ^= 0xff; // inside the 11th chunk's compressed records
    const r = await recoverRecording(damaged);
    expect(r.complete).toBe(false);
    expect(r.messages).toBe(large.countAfterChunk[9]);
    expect(r.reason).toMatch(/chunk record at offset \d+ is damaged: /);
  });

  it('stops at a record that declares an impossible length', async () => {
    const ends = await chunkEnds(large.bytes);
    const hostile = large.bytes.slice();
    // The first message index record after chunk 5: make its length field enormous.
    new DataView(hostile.buffer).setBigUint64(ends[5]! + 1, 2n ** 62n, true);
    const r = await recoverRecording(hostile);
    expect(r.messages).toBe(large.countAfterChunk[5]);
    expect(r.reason).toMatch(/declares \d+ bytes/);
  });

  it('refuses input that is not MCAP with a clear error', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /nothing to recover/],
      [encodeUtf8('{"site":"ohio"}\n'), /not an MCAP file/],
      [Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256), /not an MCAP file/],
      [Uint8Array.from([...small.bytes.subarray(0, 8), 6, 0, 0, 0, 0, 0, 0, 0, 0]), /first record is chunk/],
    ];
    for (const [bytes, message] of cases) {
      await expect(recoverRecording(bytes)).rejects.toThrow(message);
    }
  });

  it('never fails with anything but a RecordingError on randomly damaged files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (flips) => {
          const bytes = small.bytes.slice();
          for (const [at, x] of flips) bytes[at % bytes.length]! ^= x;
          for (const attempt of [
            () => recoverRecording(bytes),
            async () => {
              const rec = await openRecording(bytes);
              for await (const _ of rec.readMessages()) {
                // reading every message is the point
              }
            },
          ]) {
            try {
              await attempt();
            } catch (error) {
              expect(error).toBeInstanceOf(RecordingError);
            }
          }
        },
      ),
      { seed: 7, numRuns: 400 },
    );
  });
});
