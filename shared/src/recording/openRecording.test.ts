import { McapRecordBuilder } from '@mcap/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelSchema } from './channelSchemas.ts';
import { concat, makeTestRecording, T0, type TestRecording, testSample } from './makeTestRecording.ts';
import { McapChunkedWriter } from './mcapChunkedWriter.ts';
import { openRecording } from './openRecording.ts';
import { RecordingError, type RecordingErrorCode } from './recordingError.ts';
import { encodeUtf8 } from './textCodec.ts';

async function readAll(bytes: Uint8Array): Promise<number> {
  const rec = await openRecording(bytes);
  let n = 0;
  for await (const _ of rec.readMessages()) n++;
  return n;
}

async function expectError(p: Promise<unknown>, code: RecordingErrorCode, message: RegExp): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecordingError);
  expect((error as RecordingError).code).toBe(code);
  expect((error as RecordingError).message).toMatch(message);
}

/** A file with one channel and hand-made payloads, as a hostile or foreign writer would produce. */
async function rawFile(
  topic: string,
  payloads: (string | Uint8Array)[],
  options: { encoding?: string; compression?: string; metadata?: Map<string, string> } = {},
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const w = new McapChunkedWriter({
    sink: { write: async (b) => parts.push(b) },
    compression: options.compression
      ? (data) => ({ compression: options.compression!, compressedData: data })
      : 'zstd',
  });
  if (options.metadata) w.addMetadata('gigawatt', options.metadata);
  const schemaId = w.addSchema(channelSchema('site'));
  const channel = w.addChannel({
    schemaId,
    topic,
    messageEncoding: options.encoding ?? 'json',
    metadata: new Map(),
  });
  payloads.forEach((p, i) => {
    w.addMessage(channel, BigInt(T0 + i * 1000) * 1_000_000n, typeof p === 'string' ? encodeUtf8(p) : p);
  });
  await w.end();
  return concat(parts);
}

const sampleJson = (patch: Record<string, unknown> = {}, t = T0) =>
  JSON.stringify({ ...testSample('ohio', t, 0), ...patch });

describe('openRecording on hostile or broken files', () => {
  let rec: TestRecording;
  beforeAll(async () => {
    rec = await makeTestRecording(10);
  });

  it('refuses bytes that are not MCAP', async () => {
    await expectError(openRecording(new Uint8Array(0)), 'not-mcap', /MCAP magic/);
    await expectError(openRecording(encodeUtf8('<html>not found</html>')), 'not-mcap', /MCAP magic/);
  });

  it('says a file cut short needs recovery', async () => {
    await expectError(
      openRecording(rec.bytes.subarray(0, rec.bytes.length - 100)),
      'truncated',
      /recoverRecording/,
    );
  });

  it('refuses a footer that points far outside the file', async () => {
    const bytes = rec.bytes.slice();
    const footerStart = bytes.length - 8 - 29;
    new DataView(bytes.buffer).setBigUint64(footerStart + 9, 2n ** 62n, true);
    await expectError(
      openRecording(bytes),
      'corrupt',
      /cannot read the MCAP index: the file points past its end/,
    );
  });

  it('refuses chunk indexes that declare huge lengths, before reading them', async () => {
    const b = new McapRecordBuilder();
    b.writeMagic();
    b.writeHeader({ profile: '', library: 'hostile' });
    const summaryStart = BigInt(b.length) + 13n;
    b.writeDataEnd({ dataSectionCrc: 0 });
    b.writeChannel({ id: 0, schemaId: 0, topic: '/site/ohio', messageEncoding: 'json', metadata: new Map() });
    b.writeChunkIndex({
      messageStartTime: 0n,
      messageEndTime: 2n ** 62n,
      chunkStartOffset: 30n,
      chunkLength: 2n ** 50n,
      messageIndexOffsets: new Map([[0, 40n]]),
      messageIndexLength: 2n ** 40n,
      compression: 'lz4',
      compressedSize: 2n ** 50n,
      uncompressedSize: 2n ** 60n,
    });
    b.writeFooter({ summaryStart, summaryOffsetStart: 0n, summaryCrc: 0 });
    b.writeMagic();
    await expectError(readAll(b.buffer.slice()), 'corrupt', /points past its end/);
  });

  it('reports a chunk whose CRC does not match', async () => {
    const bytes = rec.bytes.slice();
    const opened = await openRecording(rec.bytes);
    const chunk = Number(opened.reader.chunkIndexes[3]!.chunkStartOffset);
    bytes[chunk + 9 + 24]! ^= 0x01; // the chunk's uncompressed_crc field
    await expectError(readAll(bytes), 'corrupt', /Incorrect chunk CRC/);
  });

  it('reports messages that break the shared schemas or their channel', async () => {
    await expectError(readAll(await rawFile('/site/ohio', ['{"site":'])), 'invalid-message', /not JSON/);
    await expectError(
      readAll(await rawFile('/site/ohio', [sampleJson({ facilityPowerMw: -5 })])),
      'invalid-message',
      /facilityPowerMw/,
    );
    await expectError(
      readAll(await rawFile('/site/ohio', [sampleJson({ site: 'texas' })])),
      'invalid-message',
      /another site/,
    );
    await expectError(
      readAll(await rawFile('/site/ohio', [sampleJson({}, T0 + 5000)])),
      'invalid-message',
      /differs from its log time/,
    );
    await expectError(
      readAll(await rawFile('/site/ohio', [Uint8Array.of(0x22, 0xff, 0x22)])),
      'invalid-message',
      /not JSON/,
    );
  });

  it('refuses Gigawatt topics in another encoding, and unsupported compression', async () => {
    await expectError(
      openRecording(await rawFile('/site/ohio', ['{}'], { encoding: 'cbor' })),
      'corrupt',
      /cbor/,
    );
    await expectError(
      openRecording(await rawFile('/site/ohio', [sampleJson()], { compression: 'brotli' })),
      'unsupported',
      /^unsupported compression 'brotli' in chunk 1 \(Gigawatt reads zstd, lz4 and uncompressed chunks\)$/,
    );
  });

  it('ignores channels that are not Gigawatt topics', async () => {
    const opened = await openRecording(await rawFile('/camera/front', ['anything']));
    expect(opened.topics).toEqual([]);
    expect(opened.metadata).toBeUndefined();
    let n = 0;
    for await (const _ of opened.readMessages()) n++;
    expect(n).toBe(0);
  });

  it('refuses invalid recording metadata', async () => {
    const metadata = new Map([
      ['name', 'x'],
      ['level', 'galaxy'],
      ['sites', '[]'],
      ['created', 'yesterday'],
      ['source', 's'],
    ]);
    await expectError(
      openRecording(await rawFile('/site/ohio', [], { metadata })),
      'corrupt',
      /metadata is invalid/,
    );
  });
});
