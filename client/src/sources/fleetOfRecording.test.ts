import { defaultFleet } from '@gigawatt/shared';
import {
  createRecordingWriter,
  openRecording,
  type RecordingMetadata,
  restrictFleet,
} from '@gigawatt/shared/recording';
import { describe, expect, it } from 'vitest';
import { fleetOfRecording } from './fleetOfRecording.ts';

const base: RecordingMetadata = {
  name: 'incident',
  level: 'hall',
  sites: ['texas', 'ohio'],
  created: Date.UTC(2026, 5, 1),
  source: 'client tests',
};

async function written(metadata: RecordingMetadata): Promise<RecordingMetadata | undefined> {
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

describe('fleetOfRecording', () => {
  it("renders a file with its own fleet, whatever the server's", async () => {
    const own = restrictFleet(defaultFleet, base.sites);
    const renamed = { ...own, sites: own.sites.map((s) => ({ ...s, name: `${s.name} (then)` })) };
    const metadata = await written({ ...base, fleet: renamed });
    const r = fleetOfRecording(metadata, defaultFleet);
    expect(r).toMatchObject({ from: 'recording' });
    expect(r.fleet?.sites.map((s) => s.name)).toEqual(['Ohio (then)', 'Texas (then)']);
    expect(fleetOfRecording(metadata).fleet).toEqual(renamed);
  });

  it("falls back to the server's fleet, cut to the recorded sites, for older files", async () => {
    const metadata = await written(base);
    expect(metadata?.fleet).toBeUndefined();
    const r = fleetOfRecording(metadata, defaultFleet);
    expect(r).toMatchObject({ from: 'server' });
    expect(r.fleet?.sites.map((s) => s.id)).toEqual(['ohio', 'texas']);
    expect(fleetOfRecording(metadata).fleet).toBeUndefined();
    const unknown = fleetOfRecording({ ...base, sites: ['atlantis'] }, defaultFleet);
    expect(unknown).toMatchObject({ fleet: undefined, reason: expect.stringMatching(/atlantis/) });
  });
});
