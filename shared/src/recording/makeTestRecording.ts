import { McapStreamReader, McapWriter } from '@mcap/core';
import type { AlertEvent } from '../alerts.ts';
import type { RackBlock, SiteSample } from '../sampleSchema.ts';
import type { Annotation } from './annotationSchema.ts';
import { channelSchema } from './channelSchemas.ts';
import { type ChunkCompression, loadChunkCompressor } from './chunkCompression.ts';
import { createRecordingWriter } from './createRecordingWriter.ts';
import { loadZstdDecoder } from './decompressZstd.ts';
import { recordingDecompressHandlers } from './openRecording.ts';
import type { RecordingMetadata } from './recordingMetadata.ts';
import { decodeUtf8, encodeUtf8 } from './textCodec.ts';

/*
 * Test helper (not shipped in the bundle: nothing but tests imports it). Deterministic synthetic data so
 * shared/ tests need no simulator; the simulator-driven round trip lives with the server's recorder.
 */

export const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

export const testMetadata: RecordingMetadata = {
  name: 'test recording',
  level: 'rack',
  sites: ['ohio', 'texas'],
  created: T0,
  source: 'shared tests',
};

export function testSample(site: string, t: number, i: number): SiteSample {
  const hall = (id: string, k: number) => ({
    hall: id,
    itPowerMw: 10 + ((i * 7 + k) % 13) / 10,
    gpus: { total: 1000, rented: 200 + (i % 5), internal: 700 - (i % 5), idle: 98, failed: 2 },
    gpuUtilPct: 50 + ((i * 3 + k) % 40),
    inletTempC: 24 + (i % 4) / 4,
  });
  const halls = [hall('h1', 1), hall('h2', 2)];
  const it = halls[0]!.itPowerMw + halls[1]!.itPowerMw;
  return {
    site,
    t,
    seq: Math.floor(t / 1000),
    facilityPowerMw: it * 1.1,
    itPowerMw: it,
    gpus: { total: 2000, rented: 400 + 2 * (i % 5), internal: 1400 - 2 * (i % 5), idle: 196, failed: 4 },
    gpuUtilPct: 60 + (i % 30),
    inletTempC: 24.5,
    halls,
  };
}

export function testRacks(site: string, hall: string, t: number, i: number, racks = 8): RackBlock {
  const col = (f: (r: number) => number) => Float32Array.from({ length: racks }, (_, r) => f(r));
  return {
    site,
    hall,
    t,
    powerKw: col((r) => 100 + Math.sin(i + r) * 20),
    utilPct: col((r) => 50 + Math.cos(i * r) * 40),
    inletTempC: col((r) => 24 + ((i + r) % 7) / 3),
  };
}

export function testAlert(t: number, kind: AlertEvent['kind']): AlertEvent {
  return {
    kind,
    alert: {
      id: 'power-cap-80:ohio',
      rule: 'power-cap-80',
      severity: 'warning',
      scope: { site: 'ohio' },
      title: 'Ohio facility power at 81 % of cap',
      value: 81,
      threshold: 80,
      unit: '%',
      start: t,
      ...(kind === 'cleared' ? { end: t } : {}),
      state: kind === 'cleared' ? 'cleared' : 'raised',
    },
  };
}

export function testAnnotation(t: number, n: number): Annotation {
  return {
    id: `note-${n}`,
    t,
    end: t + 5000,
    text: `note ${n}: fan wall restarted`,
    author: 'ana',
    createdAt: t + 60_000,
  };
}

export interface TestRecording {
  bytes: Uint8Array;
  /** Messages written, in write (= file) order. */
  messages: number;
  /** Message count after each flush; flush k produced chunk k. */
  countAfterChunk: number[];
}

/** `seconds` of two sites, rack blocks of one hall, alerts and annotations; one chunk per second. */
export async function makeTestRecording(
  seconds: number,
  options: { racks?: number; minimal?: boolean; compression?: ChunkCompression } = {},
): Promise<TestRecording> {
  const parts: Uint8Array[] = [];
  // streamMessages, which callers use on the result, decodes synchronously.
  await loadZstdDecoder();
  const w = createRecordingWriter({
    writable: { write: async (b) => parts.push(b) },
    metadata: testMetadata,
    ...(options.compression ? { compression: options.compression } : {}),
  });
  const countAfterChunk: number[] = [];
  for (let i = 0; i < seconds; i++) {
    const t = T0 + i * 1000;
    w.writeSample(testSample('ohio', t, i));
    w.writeRacks(testRacks('ohio', 'h1', t, i, options.racks));
    // minimal: two channels only, so a test can afford to cut the file at every byte.
    if (options.minimal) {
      await w.flush();
      countAfterChunk.push(w.stats.messages);
      continue;
    }
    w.writeSample(testSample('texas', t, i + 1));
    if (i % 4 === 1) w.writeAlert(testAlert(t, 'raised'));
    if (i % 4 === 3) w.writeAlert(testAlert(t, 'cleared'));
    if (i % 5 === 2) w.writeAnnotation(testAnnotation(t, i));
    await w.flush();
    countAfterChunk.push(w.stats.messages);
  }
  await w.end();
  return { bytes: concat(parts), messages: w.stats.messages, countAfterChunk };
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export interface RawMessage {
  topic: string;
  logTime: bigint;
  json: string;
}

/**
 * Messages in file order, read with @mcap/core's stream reader (independent of our reader). zstd chunks
 * need loadZstdDecoder() first (makeTestRecording does it).
 */
export function streamMessages(bytes: Uint8Array): RawMessage[] {
  const reader = new McapStreamReader({ decompressHandlers: recordingDecompressHandlers });
  reader.append(bytes);
  const topics = new Map<number, string>();
  const out: RawMessage[] = [];
  for (let r = reader.nextRecord(); r; r = reader.nextRecord()) {
    if (r.type === 'Channel') topics.set(r.id, r.topic);
    if (r.type === 'Message')
      out.push({ topic: topics.get(r.channelId)!, logTime: r.logTime, json: decodeUtf8(r.data) });
  }
  return out;
}

/** How a standard (non-Gigawatt) MCAP writer lays out a file: chunk compression, or no chunks at all. */
export type StandardLayout =
  | 'zstd'
  | 'lz4'
  | 'none'
  | 'unchunked'
  | 'zstd-streamed'
  | 'zstd-no-message-index';

/**
 * A zstd frame as streaming encoders write it: no content size in the header, a window descriptor, and
 * (here) raw blocks, split over two frames. Valid zstd that one-shot compressors never produce.
 */
export function zstdStreamedFrames(data: Uint8Array): { compression: string; compressedData: Uint8Array } {
  const BLOCK = 128 * 1024;
  const frame = (part: Uint8Array): Uint8Array[] => {
    const out: Uint8Array[] = [Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3)]; // magic, no FCS, window 128 KiB
    for (let at = 0; at < part.length || at === 0; at += BLOCK) {
      const block = part.subarray(at, at + BLOCK);
      const header = (block.length << 3) | (at + BLOCK >= part.length ? 1 : 0); // raw block, last?
      out.push(Uint8Array.of(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff), block);
    }
    return out;
  };
  const half = data.length >> 1;
  return {
    compression: 'zstd',
    compressedData: concat([...frame(data.subarray(0, half)), ...frame(data.subarray(half))]),
  };
}

/**
 * `seconds` of /site/ohio and /site/texas written by @mcap/core's own McapWriter, as other tools write
 * MCAP (its default summary, statistics and indexes; no Gigawatt metadata), with small chunks so that
 * there are several. Messages are those of makeTestRecording.
 */
export async function makeStandardRecording(layout: StandardLayout, seconds = 12): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let position = 0n;
  const writable = {
    position: () => position,
    async write(buffer: Uint8Array) {
      parts.push(buffer.slice());
      position += BigInt(buffer.byteLength);
    },
  };
  const compressChunk =
    layout === 'zstd-streamed'
      ? zstdStreamedFrames
      : layout === 'zstd' || layout === 'lz4' || layout === 'zstd-no-message-index'
        ? await loadChunkCompressor(layout === 'lz4' ? 'lz4' : 'zstd')
        : undefined;
  const writer = new McapWriter({
    writable,
    useChunks: layout !== 'unchunked',
    useMessageIndex: layout !== 'zstd-no-message-index',
    chunkSize: 4 * 1024,
    ...(compressChunk ? { compressChunk } : {}),
  });
  await writer.start({ profile: '', library: 'mcap-ts test writer' });
  const schemaId = await writer.registerSchema(channelSchema('site'));
  const channels = new Map<string, number>();
  for (const site of ['ohio', 'texas']) {
    channels.set(
      site,
      await writer.registerChannel({
        schemaId,
        topic: `/site/${site}`,
        messageEncoding: 'json',
        metadata: new Map(),
      }),
    );
  }
  for (let i = 0; i < seconds; i++) {
    const t = T0 + i * 1000;
    for (const [site, channelId] of channels) {
      const logTime = BigInt(t) * 1_000_000n;
      const data = encodeUtf8(JSON.stringify(testSample(site, t, i)));
      await writer.addMessage({ channelId, sequence: i, logTime, publishTime: logTime, data });
    }
  }
  await writer.end();
  return concat(parts);
}
