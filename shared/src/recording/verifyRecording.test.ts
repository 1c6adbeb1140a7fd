import { McapIndexedReader } from '@mcap/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelSchema } from './channelSchemas.ts';
import {
  concat,
  makeTestRecording,
  T0,
  type TestRecording,
  testMetadata,
  testSample,
} from './makeTestRecording.ts';
import { McapChunkedWriter } from './mcapChunkedWriter.ts';
import { recordingDecompressHandlers } from './openRecording.ts';
import { bytesReadable } from './recordingReadable.ts';
import { recoverRecording } from './recoverRecording.ts';
import { encodeUtf8 } from './textCodec.ts';
import { describeChunk, verifyRecording } from './verifyRecording.ts';

/** Chunk offsets and the byte range of each chunk's compressed data, in file order. */
async function chunksOf(bytes: Uint8Array) {
  const reader = await McapIndexedReader.Initialize({
    readable: bytesReadable(bytes),
    decompressHandlers: recordingDecompressHandlers,
  });
  return [...reader.chunkIndexes]
    .sort((a, b) => Number(a.chunkStartOffset - b.chunkStartOffset))
    .map((c) => ({
      offset: Number(c.chunkStartOffset),
      // The records are the last bytes of the chunk record.
      dataStart: Number(c.chunkStartOffset + c.chunkLength - c.compressedSize),
      dataEnd: Number(c.chunkStartOffset + c.chunkLength),
    }));
}

describe('verifyRecording', () => {
  let rec: TestRecording;
  beforeAll(async () => {
    rec = await makeTestRecording(10);
  });

  it('reads every chunk of a good file and finds nothing wrong', async () => {
    const v = await verifyRecording(rec.bytes);
    expect(v.damaged).toBeUndefined();
    expect(v.indexProblem).toBeUndefined();
    expect(v.goodChunks).toBe(10);
    expect(v.readable).toEqual({ messages: rec.messages, start: T0, end: T0 + 9000 });
  });

  it('names the first chunk whose compressed data has a flipped bit, with its span and what precedes it', async () => {
    const chunks = await chunksOf(rec.bytes);
    const bad = rec.bytes.slice();
    const c = chunks[4]!;
    bad[Math.floor((c.dataStart + c.dataEnd) / 2)]! ^= 0x10;
    const v = await verifyRecording(bad);
    expect(v.damaged).toMatchObject({ index: 4, count: 10, offset: c.offset, startTime: T0 + 4000 });
    expect(v.damaged!.reason).toMatch(/CRC|zstd/);
    expect(v.readable).toEqual({ messages: rec.countAfterChunk[3], start: T0, end: T0 + 3000 });
    expect(describeChunk(v.damaged!)).toMatch(
      /^chunk 5 of 10 \(at byte \d+, messages from 2026-06-01T12:00:04.000Z/,
    );
  });

  it('recovery stopped at the damaged chunk keeps exactly the chunks before it, and reads clean', async () => {
    const chunks = await chunksOf(rec.bytes);
    const bad = rec.bytes.slice();
    bad[chunks[6]!.dataStart + 20]! ^= 0x01;
    const stopAt = { offset: chunks[6]!.offset, reason: 'chunk 7 of 10 is damaged' };
    const r = await recoverRecording(bad, { stopAt });
    expect(r).toMatchObject({ complete: false, reason: stopAt.reason, messages: rec.countAfterChunk[5] });
    const again = await verifyRecording(r.bytes);
    expect(again.damaged).toBeUndefined();
    expect(again.indexProblem).toBeUndefined();
    expect(again.readable).toEqual({ messages: rec.countAfterChunk[5], start: T0, end: T0 + 5000 });
    expect(again.recording.metadata?.name).toBe(testMetadata.name);
  });

  it('finds a chunk whose message fails the schemas though its CRC holds (a bad writer, or damage under CRC 0)', async () => {
    const parts: Uint8Array[] = [];
    const w = new McapChunkedWriter({ sink: { write: async (b) => parts.push(b) }, chunkSize: 1 });
    const ch = w.addChannel({
      schemaId: w.addSchema(channelSchema('site')),
      topic: '/site/ohio',
      messageEncoding: 'json',
      metadata: new Map(),
    });
    for (let i = 0; i < 3; i++) {
      const t = T0 + i * 1000;
      const json = JSON.stringify(testSample('ohio', t, i));
      w.addMessage(
        ch,
        BigInt(t) * 1_000_000n,
        encodeUtf8(i === 2 ? json.replace('"gpuUtilPct":', '"gpuUtilPct":-') : json),
      );
    }
    await w.end();
    const v = await verifyRecording(concat(parts));
    expect(v.damaged?.index).toBe(2);
    expect(v.damaged?.reason).toMatch(/gpuUtilPct/);
    expect(v.readable.messages).toBe(2);
  });

  it('tells a damaged index from damaged data: a message index entry that points elsewhere', async () => {
    // The message index records follow each chunk; moving one entry's offset breaks the indexed read.
    const good = await recoverRecording(rec.bytes);
    const reader = await McapIndexedReader.Initialize({
      readable: bytesReadable(good.bytes),
      decompressHandlers: recordingDecompressHandlers,
    });
    const chunk = reader.chunkIndexes[0]!;
    const [, at] = [...chunk.messageIndexOffsets.entries()][0]!;
    const bytes = good.bytes.slice();
    // MessageIndex: opcode, length (8), channel id (2), array length (4), then (time 8, offset 8) pairs.
    const firstOffset = Number(at) + 1 + 8 + 2 + 4 + 8;
    bytes[firstOffset] = (bytes[firstOffset]! + 3) & 0xff;
    const v = await verifyRecording(bytes);
    expect(v.damaged).toBeUndefined();
    expect(v.indexProblem).toMatch(/index/);
  });
});
