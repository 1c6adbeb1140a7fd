import { describe, expect, it } from 'vitest';
import { createRecordingWriter } from './createRecordingWriter.ts';
import { concat, T0, testAnnotation, testMetadata, testSample } from './makeTestRecording.ts';
import { openRecording } from './openRecording.ts';
import { verifyRecording } from './verifyRecording.ts';

/** The bytes a reader of the file being written gets: the sink's prefix plus the synthesized tail. */
function snapshotBytes(parts: Uint8Array[], snap: { dataLength: number; tail: Uint8Array }): Uint8Array {
  return concat([concat(parts).slice(0, snap.dataLength), snap.tail]);
}

async function siteTimes(bytes: Uint8Array): Promise<number[]> {
  const rec = await openRecording(bytes);
  const out: number[] = [];
  for await (const m of rec.readMessages()) if (m.kind === 'site') out.push(m.t);
  return out;
}

describe('RecordingWriter.snapshot (a file still being written, opened up to its last flushed chunk)', () => {
  it('opens as a complete, verified file holding exactly the flushed seconds; later snapshots hold more', async () => {
    const parts: Uint8Array[] = [];
    const w = createRecordingWriter({
      writable: { write: async (b) => parts.push(b) },
      metadata: testMetadata,
    });
    for (let i = 0; i < 3; i++) {
      w.writeSample(testSample('ohio', T0 + i * 1000, i));
      await w.flush();
    }
    w.writeAnnotation(testAnnotation(T0 + 1000, 1));
    w.writeSample(testSample('ohio', T0 + 3000, 3)); // in the open chunk: not readable yet
    const first = w.snapshot();
    expect(first).toBeDefined();
    expect(w.stats.flushedBytes).toBe(first!.dataLength);
    expect(w.stats.flushedEndTime).toBe(T0 + 2000);
    const bytes = snapshotBytes(parts, first!);
    const rec = await openRecording(bytes);
    expect(rec.metadata).toEqual(testMetadata);
    expect([rec.startTime, rec.endTime, rec.messageCount, rec.chunkCount]).toEqual([T0, T0 + 2000, 3, 3]);
    expect(rec.topics.find((t) => t.topic === '/site/ohio')?.messageCount).toBe(3);
    expect(await siteTimes(bytes)).toEqual([T0, T0 + 1000, T0 + 2000]);
    const verified = await verifyRecording(bytes);
    expect([verified.damaged, verified.indexProblem, verified.goodChunks]).toEqual([undefined, undefined, 3]);

    await w.flush();
    w.writeSample(testSample('ohio', T0 + 4000, 4));
    await w.flush();
    const later = w.snapshot()!;
    expect(later.dataLength).toBeGreaterThan(first!.dataLength);
    expect(await siteTimes(snapshotBytes(parts, later))).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * 1000));
    // A reader pinned to the first snapshot still gets the same file, byte for byte.
    expect(snapshotBytes(parts, w.snapshot(first!.dataLength)!)).toEqual(bytes);
    expect(w.snapshot(first!.dataLength + 1)).toBeUndefined();

    await w.end();
    expect(w.snapshot()).toBeUndefined();
  });

  it('before the first chunk: a valid file with no messages', async () => {
    const parts: Uint8Array[] = [];
    const w = createRecordingWriter({
      writable: { write: async (b) => parts.push(b) },
      metadata: testMetadata,
    });
    await w.flush();
    const rec = await openRecording(snapshotBytes(parts, w.snapshot()!));
    expect(rec.startTime).toBeUndefined();
    expect(rec.metadata?.name).toBe(testMetadata.name);
  });
});
