import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadChunkCompressor } from './chunkCompression.ts';
import { decompressZstd, loadZstdDecoder, type ZstdDecoderKind } from './decompressZstd.ts';
import {
  concat,
  makeStandardRecording,
  makeTestRecording,
  type StandardLayout,
  streamMessages,
  T0,
  zstdStreamedFrames,
} from './makeTestRecording.ts';
import { McapChunkedWriter } from './mcapChunkedWriter.ts';
import { openRecording } from './openRecording.ts';
import { RecordingError } from './recordingError.ts';
import { recoverRecording } from './recoverRecording.ts';
import { rewriteRecording } from './rewriteRecording.ts';
import { encodeUtf8 } from './textCodec.ts';
import { verifyRecording } from './verifyRecording.ts';

async function readAll(bytes: Uint8Array): Promise<number[]> {
  const rec = await openRecording(bytes);
  const times: number[] = [];
  for await (const m of rec.readMessages()) times.push(m.t);
  return times;
}

async function caught(p: Promise<unknown>): Promise<RecordingError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecordingError);
  return error as RecordingError;
}

/** Repetitive JSON-like bytes, as chunks hold. */
function chunkLike(n: number, seed = 1): Uint8Array {
  let text = '';
  for (let i = 0; text.length < n; i++)
    text += `{"site":"ohio","t":${T0 + i * 1000},"itPowerMw":${(seed * i) % 97}.25},`;
  return encodeUtf8(text.slice(0, n));
}

/** A file whose second chunk claims a compression no reader has. */
async function fileWithForeignChunk(): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const zstd = (await loadChunkCompressor('zstd'))!;
  let n = 0;
  const w = new McapChunkedWriter({
    sink: { write: async (b) => parts.push(b) },
    compression: (data) => (++n === 2 ? { compression: 'brotli', compressedData: data } : zstd(data)),
  });
  const channel = w.addChannel({
    schemaId: 0,
    topic: '/site/ohio',
    messageEncoding: 'json',
    metadata: new Map(),
  });
  for (let i = 0; i < 3; i++) {
    w.addMessage(channel, BigInt(T0 + i * 1000) * 1_000_000n, encodeUtf8('{}'));
    await w.flush();
  }
  await w.end();
  return concat(parts);
}

describe.each<ZstdDecoderKind>(['libzstd', 'fzstd'])('zstd chunks decoded with %s', (kind) => {
  afterAll(() => loadZstdDecoder('libzstd'));

  it('Gigawatt recordings: zstd by default; lz4 and uncompressed ones still open and verify', async () => {
    await loadZstdDecoder(kind);
    for (const compression of ['zstd', 'lz4', 'none'] as const) {
      const rec = await makeTestRecording(8, { compression });
      const opened = await openRecording(rec.bytes);
      expect(new Set(opened.reader.chunkIndexes.map((c) => c.compression))).toEqual(
        new Set([compression === 'none' ? '' : compression]),
      );
      expect(opened.indexed).toBe(true);
      expect((await readAll(rec.bytes)).length).toBe(rec.messages);
      const v = await verifyRecording(rec.bytes);
      expect(v.damaged).toBeUndefined();
      expect(v.indexProblem).toBeUndefined();
    }
    const zstd = (await makeTestRecording(30)).bytes.byteLength;
    const lz4 = (await makeTestRecording(30, { compression: 'lz4' })).bytes.byteLength;
    expect(zstd).toBeLessThan(lz4);
  });

  it.each<StandardLayout>(['zstd', 'zstd-streamed', 'lz4', 'none'])(
    "opens %s chunks written by @mcap/core's McapWriter, message for message",
    async (layout) => {
      await loadZstdDecoder(kind);
      const bytes = await makeStandardRecording(layout);
      const opened = await openRecording(bytes);
      expect(opened.chunkCount).toBeGreaterThan(1);
      expect(opened.indexed).toBe(true);
      expect(opened.metadata).toBeUndefined();
      expect(opened.topics.map((t) => t.topic)).toEqual(['/site/ohio', '/site/texas']);
      const times = await readAll(bytes);
      expect(times.length).toBe(24);
      expect(times[0]).toBe(T0);
      const v = await verifyRecording(bytes);
      expect(v.damaged).toBeUndefined();
      expect(v.indexProblem).toBeUndefined();
      expect(v.readable.messages).toBe(24);
    },
  );

  it.each<StandardLayout>(['unchunked', 'zstd-no-message-index'])(
    'a file whose messages the index cannot reach (%s) says so; rewriting it gives an indexed copy of every message',
    async (layout) => {
      await loadZstdDecoder(kind);
      const bytes = await makeStandardRecording(layout);
      const opened = await openRecording(bytes);
      expect(opened.indexed).toBe(false);
      const copy = await recoverRecording(bytes, { compression: 'none' });
      expect(copy.complete).toBe(true);
      expect(copy.messages).toBe(24);
      expect((await openRecording(copy.bytes)).indexed).toBe(true);
      expect((await readAll(copy.bytes)).length).toBe(24);
    },
  );
});

describe('chunks in a compression no reader has', () => {
  it('are named with their codec and chunk by openRecording, verifyRecording and rewriteRecording', async () => {
    const bytes = await fileWithForeignChunk();
    const message =
      /^unsupported compression 'brotli' in chunk 2 \(Gigawatt reads zstd, lz4 and uncompressed chunks\)$/;
    for (const p of [
      openRecording(bytes),
      verifyRecording(bytes),
      rewriteRecording(bytes, { write: async () => {} }),
    ]) {
      const error = await caught(p);
      expect(error.code).toBe('unsupported');
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/damaged|corrupt/);
    }
  });

  it('quotes a hostile codec name harmlessly', async () => {
    const parts: Uint8Array[] = [];
    const w = new McapChunkedWriter({
      sink: { write: async (b) => parts.push(b) },
      compression: (data) => ({ compression: `x\n${'y'.repeat(200)}`, compressedData: data }),
    });
    const channel = w.addChannel({
      schemaId: 0,
      topic: '/site/ohio',
      messageEncoding: 'json',
      metadata: new Map(),
    });
    w.addMessage(channel, BigInt(T0) * 1_000_000n, encodeUtf8('{}'));
    await w.end();
    const error = await caught(openRecording(concat(parts)));
    expect(error.message).toMatch(/^unsupported compression 'x\?y{37}…' in chunk 1 /);
  });
});

describe('decompressZstd', () => {
  const data = chunkLike(300_000);
  let compressed: Uint8Array;

  it('inflates one-shot and streamed frames to exactly the declared size, with either decoder', async () => {
    compressed = (await loadChunkCompressor('zstd'))!(data).compressedData;
    const streamed = zstdStreamedFrames(data).compressedData;
    // A skippable frame in front is allowed by the format.
    const skippable = Uint8Array.of(0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3);
    for (const kind of ['libzstd', 'fzstd'] as const) {
      await loadZstdDecoder(kind);
      // Byte for byte, without a deep comparison of 300,000 elements (seconds each in the matcher).
      const same = (out: Uint8Array) => out.length === data.length && out.every((b, i) => b === data[i]);
      expect(same(decompressZstd(compressed, BigInt(data.length)))).toBe(true);
      expect(same(decompressZstd(streamed, BigInt(data.length)))).toBe(true);
      expect(same(decompressZstd(concat([skippable, compressed]), BigInt(data.length)))).toBe(true);
      await expect(async () => decompressZstd(compressed, BigInt(data.length - 1))).rejects.toThrow(
        /zstd: .*declares/,
      );
      await expect(async () => decompressZstd(streamed, BigInt(data.length + 1))).rejects.toThrow(/zstd: /);
    }
    await loadZstdDecoder('libzstd');
  });

  it('refuses sizes, windows and dictionaries before allocating anything', async () => {
    await expect(async () => decompressZstd(compressed, 2n ** 40n)).rejects.toThrow(/limit/);
    // Window descriptor 2^(10+31): far past any chunk.
    const wide = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 31 << 3, 0x01, 0x00, 0x00);
    await expect(async () => decompressZstd(wide, 0n)).rejects.toThrow(/window/);
    const dict = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x21, 0x07, 0x01, 0x01, 0x00, 0x00);
    await expect(async () => decompressZstd(dict, 1n)).rejects.toThrow(/dictionar/);
    await expect(async () => decompressZstd(Uint8Array.of(1, 2, 3, 4, 5), 5n)).rejects.toThrow(/magic/);
  });

  it('never fails with anything but a RecordingError, nor inflates past the declared size', async () => {
    const small = chunkLike(20_000, 3);
    const good = (await loadChunkCompressor('zstd'))!(small).compressedData;
    for (const kind of ['libzstd', 'fzstd'] as const) {
      await loadZstdDecoder(kind);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })), {
            minLength: 1,
            maxLength: 6,
          }),
          fc.integer({ min: -64, max: 64 }),
          (flips, sizeDelta) => {
            const bad = good.slice();
            for (const [at, x] of flips) bad[at]! ^= x;
            const declared = Math.max(0, small.length + sizeDelta);
            try {
              expect(decompressZstd(bad, BigInt(declared)).byteLength).toBe(declared);
            } catch (error) {
              expect(error).toBeInstanceOf(RecordingError);
            }
          },
        ),
        { numRuns: 300, seed: 13 },
      );
    }
    await loadZstdDecoder('libzstd');
  });

  it('reads a recording whose chunks mix zstd, lz4 and none; rewriting an lz4 file writes zstd', async () => {
    const zstd = (await loadChunkCompressor('zstd'))!;
    const lz4 = (await loadChunkCompressor('lz4'))!;
    const parts: Uint8Array[] = [];
    let n = 0;
    const w = new McapChunkedWriter({
      sink: { write: async (b) => parts.push(b) },
      compression: (d) =>
        [zstd, lz4, (x: Uint8Array) => ({ compression: '', compressedData: x })][n++ % 3]!(d),
    });
    const channel = w.addChannel({
      schemaId: 0,
      topic: '/site/ohio',
      messageEncoding: 'json',
      metadata: new Map(),
    });
    const sample = (i: number) => encodeUtf8(JSON.stringify({ ...JSON.parse('{}'), i }));
    for (let i = 0; i < 6; i++) {
      w.addMessage(channel, BigInt(T0 + i * 1000) * 1_000_000n, sample(i));
      await w.flush();
    }
    await w.end();
    const mixed = concat(parts);
    const opened = await openRecording(mixed);
    expect(opened.reader.chunkIndexes.map((c) => c.compression)).toEqual([
      'zstd',
      'lz4',
      '',
      'zstd',
      'lz4',
      '',
    ]);
    expect(streamMessages(mixed).length).toBe(6);
    let read = 0;
    for await (const _ of opened.reader.readMessages()) read++;
    expect(read).toBe(6);

    // Rewriting an lz4 file writes zstd: the compaction every recorder segment goes through.
    const old = await makeTestRecording(4, { compression: 'lz4' });
    const out: Uint8Array[] = [];
    await rewriteRecording(old.bytes, { write: async (b) => out.push(b) });
    const rewritten = await openRecording(concat(out));
    expect(new Set(rewritten.reader.chunkIndexes.map((c) => c.compression))).toEqual(new Set(['zstd']));
    expect((await readAll(concat(out))).length).toBe(old.messages);
  });
});
