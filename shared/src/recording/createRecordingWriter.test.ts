import { McapIndexedReader } from '@mcap/core';
import { describe, expect, it } from 'vitest';
import { createRecordingWriter } from './createRecordingWriter.ts';
import {
  concat,
  makeTestRecording,
  streamMessages,
  T0,
  testMetadata,
  testSample,
} from './makeTestRecording.ts';
import { openRecording, recordingDecompressHandlers } from './openRecording.ts';
import { RecordingError } from './recordingError.ts';
import { bytesReadable } from './recordingReadable.ts';
import { decodeUtf8 } from './textCodec.ts';

describe('createRecordingWriter', () => {
  it('writes an indexed, zstd-chunked MCAP file that @mcap/core reads back message for message', async () => {
    const rec = await makeTestRecording(20);
    const reader = await McapIndexedReader.Initialize({
      readable: bytesReadable(rec.bytes),
      decompressHandlers: recordingDecompressHandlers,
    });
    expect(reader.chunkIndexes.length).toBe(20);
    expect(new Set(reader.chunkIndexes.map((c) => c.compression))).toEqual(new Set(['zstd']));
    for (const c of reader.chunkIndexes) expect(c.messageIndexOffsets.size).toBeGreaterThan(0);
    expect(Number(reader.statistics?.messageCount)).toBe(rec.messages);
    expect(reader.statistics?.chunkCount).toBe(20);

    const topics = [...reader.channelsById.values()].map((c) => c.topic).sort();
    expect(topics).toEqual(['/alerts', '/annotations', '/racks/ohio/h1', '/site/ohio', '/site/texas']);
    for (const channel of reader.channelsById.values()) {
      expect(channel.messageEncoding).toBe('json');
      const schema = reader.schemasById.get(channel.schemaId)!;
      expect(schema.encoding).toBe('jsonschema');
      const json = JSON.parse(decodeUtf8(schema.data)) as {
        type: string;
        properties: Record<string, unknown>;
      };
      expect(json.type).toBe('object');
      expect(Object.keys(json.properties).length).toBeGreaterThan(1);
    }
    // The recording's own metadata first; the markers index after the last chunk.
    expect(reader.metadataIndexes.map((m) => m.name)).toEqual(['gigawatt', 'gigawatt.markers']);
    const lastChunk = reader.chunkIndexes.reduce(
      (a, c) => (c.chunkStartOffset > a ? c.chunkStartOffset : a),
      0n,
    );
    expect(reader.metadataIndexes[1]!.offset).toBeGreaterThan(lastChunk);

    // Same messages as the file holds in write order (the stream reader walks the file front to back).
    const indexed: string[] = [];
    for await (const m of reader.readMessages()) indexed.push(`${m.logTime} ${decodeUtf8(m.data)}`);
    const streamed = streamMessages(rec.bytes).map((m) => `${m.logTime} ${m.json}`);
    expect(indexed.sort()).toEqual(streamed.sort());
    expect(indexed).toHaveLength(rec.messages);
  });

  it('reads back identical values with openRecording, and a 1 s window reads only that second', async () => {
    const parts: Uint8Array[] = [];
    const w = createRecordingWriter({
      writable: { write: async (b) => parts.push(b) },
      metadata: testMetadata,
    });
    const samples = [0, 1, 2].map((i) => testSample('ohio', T0 + i * 1000, i));
    for (const s of samples) w.writeSample(s);
    const block = {
      site: 'ohio',
      hall: 'h1',
      t: T0,
      powerKw: Float32Array.from([120.34934997558594, 0, 1999.5, 1e-7]),
      utilPct: Float32Array.from([Math.fround(99.99), 0.01, 50, 100]),
      inletTempC: Float32Array.from([-49.9, 24.3, 119.99, 0]),
    };
    w.writeRacks(block);
    await w.end();
    const rec = await openRecording(concat(parts));
    expect(rec.metadata).toEqual(testMetadata);
    expect(rec.startTime).toBe(T0);
    expect(rec.endTime).toBe(T0 + 2000);
    expect(rec.messageCount).toBe(4);
    const all = [];
    for await (const m of rec.readMessages()) all.push(m);
    expect(all.filter((m) => m.kind === 'site').map((m) => m.sample)).toEqual(samples);
    const racks = all.find((m) => m.kind === 'racks');
    expect(racks?.kind === 'racks' && racks.block).toEqual(block);
    const window = [];
    for await (const m of rec.readMessages({ from: T0 + 1000, to: T0 + 1999 })) window.push(m);
    expect(window.map((m) => m.t)).toEqual([T0 + 1000]);
  });

  it('round-trips a liquid-cooled hall’s coolant loop (site samples and the racks’ return column)', async () => {
    const parts: Uint8Array[] = [];
    const w = createRecordingWriter({
      writable: { write: async (b) => parts.push(b) },
      metadata: testMetadata,
    });
    const plain = testSample('ohio', T0, 0);
    const coolant = { supplyC: 30.12, returnC: 38.47, flowLpm: 63_412, cduPowerKw: 440.4 };
    const sample = { ...plain, halls: [{ ...plain.halls[0]!, coolant }, plain.halls[1]!] };
    w.writeSample(sample);
    const block = {
      site: 'ohio',
      hall: 'h1',
      t: T0,
      powerKw: Float32Array.of(120.3, 14.1),
      utilPct: Float32Array.of(90, 0),
      inletTempC: Float32Array.of(24.3, 23.8),
      coolantReturnC: Float32Array.of(39.4, 31.2),
    };
    w.writeRacks(block);
    // A column of the wrong length is refused like any other bad value.
    expect(() => w.writeRacks({ ...block, coolantReturnC: Float32Array.of(39.4) })).toThrow(/coolantReturnC/);
    await w.end();
    const rec = await openRecording(concat(parts));
    const all = [];
    for await (const m of rec.readMessages()) all.push(m);
    expect(all.find((m) => m.kind === 'site')).toMatchObject({ sample });
    const site = all.find((m) => m.kind === 'site');
    expect(site?.kind === 'site' && site.sample.halls[1]!.coolant).toBeUndefined();
    const racks = all.find((m) => m.kind === 'racks');
    expect(racks?.kind === 'racks' && racks.block).toEqual(block);
  });

  it('refuses input the schemas refuse, and the file stays valid', async () => {
    const parts: Uint8Array[] = [];
    const w = createRecordingWriter({
      writable: { write: async (b) => parts.push(b) },
      metadata: testMetadata,
    });
    const bad = { ...testSample('ohio', T0, 0), facilityPowerMw: Number.NaN };
    expect(() => w.writeSample(bad)).toThrow(RecordingError);
    const racks = {
      site: 'ohio',
      hall: 'h1',
      t: T0,
      powerKw: Float32Array.of(-1),
      utilPct: Float32Array.of(1),
      inletTempC: Float32Array.of(20),
    };
    expect(() => w.writeRacks(racks)).toThrow(/powerKw\[0\]/);
    expect(() => w.writeRacks({ ...racks, site: '../etc' })).toThrow(RecordingError);
    w.writeSample(testSample('ohio', T0, 0));
    await w.end();
    const rec = await openRecording(concat(parts));
    expect(rec.messageCount).toBe(1);
  });

  it('stops on a sink failure: flush rejects, later writes throw, nothing rejects unhandled', async () => {
    let writes = 0;
    const w = createRecordingWriter({
      writable: {
        write: async () => {
          if (++writes > 3)
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        },
      },
      metadata: testMetadata,
    });
    w.writeSample(testSample('ohio', T0, 0));
    await w.flush();
    w.writeSample(testSample('ohio', T0 + 1000, 1));
    await expect(w.flush()).rejects.toMatchObject({ code: 'write-failed', message: /ENOSPC/ });
    expect(w.failure?.code).toBe('write-failed');
    expect(() => w.writeSample(testSample('ohio', T0 + 2000, 2))).toThrow(/ENOSPC/);
    await expect(w.end()).rejects.toThrow(RecordingError);
  });
});
