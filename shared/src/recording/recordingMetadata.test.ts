import { describe, expect, it } from 'vitest';
import { defaultFleet } from '../defaultFleet.ts';
import { createRecordingWriter } from './createRecordingWriter.ts';
import { testMetadata } from './makeTestRecording.ts';
import { openRecording } from './openRecording.ts';
import { metadataFromMap, metadataToMap, type RecordingMetadata } from './recordingMetadata.ts';
import { restrictFleet } from './restrictFleet.ts';

async function roundTrip(metadata: RecordingMetadata): Promise<RecordingMetadata | undefined> {
  const parts: Uint8Array[] = [];
  const w = createRecordingWriter({ writable: { write: async (b) => parts.push(b.slice()) }, metadata });
  await w.end();
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return (await openRecording(bytes)).metadata;
}

describe('recording metadata: fleet', () => {
  it('restricts a fleet to the recorded sites and the GPU models they use', () => {
    const f = restrictFleet(defaultFleet, ['texas']);
    expect(f.sites.map((s) => s.id)).toEqual(['texas']);
    const used = new Set(f.sites[0]!.halls.map((h) => h.gpuModel));
    expect(f.gpuModels.every((m) => used.has(m.id))).toBe(true);
    expect(f.gpuModels).toHaveLength(used.size);
  });

  it('round-trips the fleet through an MCAP file', async () => {
    const metadata = { ...testMetadata, fleet: restrictFleet(defaultFleet, testMetadata.sites) };
    expect(await roundTrip(metadata)).toEqual(metadata);
  });

  it('opens files written without a fleet', async () => {
    const read = await roundTrip(testMetadata);
    expect(read).toEqual(testMetadata);
    expect(read?.fleet).toBeUndefined();
  });

  it('refuses a fleet that is not the recorded sites, or not a valid fleet', () => {
    const wrong = metadataToMap({ ...testMetadata, fleet: restrictFleet(defaultFleet, ['ohio']) });
    expect(() => metadataFromMap(wrong)).toThrow(/fleet sites must be the recorded sites.*missing: texas/);
    const broken = metadataToMap(testMetadata);
    broken.set('fleet', JSON.stringify({ name: 'x', gpuModels: [], sites: [] }));
    expect(() => metadataFromMap(broken)).toThrow(/metadata is invalid/);
    broken.set('fleet', '{not json');
    expect(() => metadataFromMap(broken)).toThrow(/metadata is invalid/);
  });
});
