import { type OpenedRecording, openRecording, type RecordedMessage } from '@gigawatt/shared/recording';
import type { PublishClock } from '../producer/ingestSession.ts';
import { type SynthesizeOptions, synthesizeRecording } from '../recording/synthesizeRecording.ts';

/*
 * Test helpers for replay (imported by tests only): a small synthesized recording held in memory, and
 * a virtual wall clock.
 */

export const REC_FROM = Date.UTC(2026, 6, 15, 14, 0, 0);

export interface MemoryRecording {
  bytes: Uint8Array;
  rec: OpenedRecording;
  /** Every site sample by recorded time, then site. */
  samples: Map<number, Map<string, RecordedMessage & { kind: 'site' }>>;
}

/** 30 s of Ohio and Texas at hall level plus Texas Hall 1's racks, a job crash annotated at +10 s. */
export async function memoryRecording(options: Partial<SynthesizeOptions> = {}): Promise<MemoryRecording> {
  const parts: Uint8Array[] = [];
  await synthesizeRecording(
    {
      from: REC_FROM,
      durationMs: 30_000,
      sites: ['ohio', 'texas'],
      level: 'rack',
      rackHalls: [{ site: 'texas', hall: 'h1' }],
      incidents: [
        { kind: 'jobCrash', site: 'texas', hall: 'h1', start: REC_FROM + 10_000, durationMs: 60_000 },
      ],
      created: REC_FROM,
      ...options,
    },
    { write: async (b) => parts.push(b) },
  );
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  const rec = await openRecording(bytes);
  const samples: MemoryRecording['samples'] = new Map();
  for await (const m of rec.readMessages({ topics: ['/site/ohio', '/site/texas'] })) {
    if (m.kind !== 'site') continue;
    let second = samples.get(m.t);
    if (!second) {
      second = new Map();
      samples.set(m.t, second);
    }
    second.set(m.sample.site, m);
  }
  return { bytes, rec, samples };
}

/** Virtual wall clock starting at `start`: each sleep advances it at once and yields to real I/O. */
export function fastClock(start: number): PublishClock & { readonly at: number } {
  let now = start;
  return {
    now: () => now,
    get at() {
      return now;
    },
    sleep: async (ms) => {
      await new Promise((r) => setTimeout(r, 2));
      now += ms;
    },
  };
}
