import { defaultFleet } from '@gigawatt/shared';
import {
  loadChunkCompressor,
  loadZstdDecoder,
  McapChunkedWriter,
  RecordingError,
} from '@gigawatt/shared/recording';
import {
  concat,
  makeStandardRecording,
  type StandardLayout,
  T0,
  testSample,
} from '@gigawatt/shared/recording/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRecording, manualClock } from '../testing/recordingFixture.ts';
import { RecordingSource } from './RecordingSource.ts';
import type { SourceEvent } from './TelemetrySource.ts';

const sources: RecordingSource[] = [];
afterEach(() => {
  for (const s of sources.splice(0)) s.stop();
});

/** Opens bytes as a dropped file and returns the seconds of the ticks delivered once it settles. */
async function play(
  bytes: Uint8Array,
  name = 'file.mcap',
): Promise<{ source: RecordingSource; ticks: number[] }> {
  const clock = manualClock(5_000_000);
  const source = await RecordingSource.open(
    { kind: 'bytes', bytes, name },
    { fallbackFleet: defaultFleet, now: clock.now, scheduler: clock.scheduler },
  );
  sources.push(source);
  const events: SourceEvent[] = [];
  source.start((e) => events.push(e));
  await source.idle();
  source.seek(T0 + 5000);
  await source.idle();
  const ticks = events.flatMap((e) => (e.type === 'ticks' ? e.ticks.map((t) => t.t) : []));
  return { source, ticks };
}

// The player in a browser decodes zstd with fzstd: the same here, whatever Node would pick.
beforeAll(() => loadZstdDecoder('fzstd'));
afterAll(() => loadZstdDecoder('libzstd'));

describe('RecordingSource on files from other MCAP writers and codecs', () => {
  it.each<StandardLayout>(['zstd', 'zstd-streamed', 'lz4', 'none', 'unchunked', 'zstd-no-message-index'])(
    "plays a file from @mcap/core's own writer (%s)",
    async (layout) => {
      const { source, ticks } = await play(await makeStandardRecording(layout));
      expect(source.playback.recording).toMatchObject({ start: T0, end: T0 + 11_000, level: 'hall' });
      expect(source.fleet.sites.map((s) => s.id)).toEqual(['ohio', 'texas']);
      expect(ticks).toContain(T0);
      expect(ticks).toContain(T0 + 5000);
    },
  );

  it('plays Gigawatt recordings written with zstd (the default), lz4 (older ones) and none', async () => {
    for (const compression of ['zstd', 'lz4', 'none'] as const) {
      const { bytes } = await buildRecording({ start: T0, seconds: 20, compression });
      const { ticks } = await play(bytes);
      expect(ticks).toContain(T0 + 5000);
    }
  });

  it("names a codec it cannot decode and the chunk, in the error the player's banner shows", async () => {
    const zstd = (await loadChunkCompressor('zstd'))!;
    const parts: Uint8Array[] = [];
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
      const t = T0 + i * 1000;
      w.addMessage(
        channel,
        BigInt(t) * 1_000_000n,
        new TextEncoder().encode(JSON.stringify(testSample('ohio', t, i))),
      );
      await w.flush();
    }
    await w.end();
    const error = await play(concat(parts), 'foreign.mcap').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RecordingError);
    expect(error).toMatchObject({ code: 'unsupported' });
    expect((error as Error).message).toBe(
      `cannot open "foreign.mcap": unsupported compression 'brotli' in chunk 2 (Gigawatt reads zstd, lz4 and uncompressed chunks)`,
    );
  });
});
