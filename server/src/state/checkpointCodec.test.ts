import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFleet, indexFleet } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TelemetryStore } from '../store/telemetryStore.ts';
import { filledStore, SMALL_TIERS } from '../testing/fixtures.ts';
import {
  CheckpointError,
  decodeCheckpoint,
  encodeChunk,
  encodeEnd,
  encodeHeader,
  readCheckpointFile,
} from './checkpointCodec.ts';

const idx = indexFleet(defaultFleet);
const tiers = SMALL_TIERS;
const T0 = Date.UTC(2026, 10, 23, 12);

const filled = (seconds: number) => filledStore(seconds, T0, (s) => (s * 13) % 100);

/** The file as FileStateStorage writes it: each chunk told where it starts (aligned), or not (at 0). */
function encode(store: TelemetryStore, tracked: boolean, lead = 0): Buffer {
  const parts = [Buffer.alloc(lead), encodeHeader({ version: 1, savedAt: T0, replayFrom: 1, latest: [] })];
  let at = parts[1]!.length;
  for (const chunk of store.exportChunks()) {
    for (const b of encodeChunk(chunk, tracked ? at : 0)) {
      parts.push(b);
      at += b.length;
    }
  }
  parts.push(encodeEnd());
  return Buffer.concat(parts).subarray(lead);
}

const SERIES = ['fleet:itPowerMw', 'site:ohio:gpuUtilPct', 'hall:texas:h1:itPowerMw'];

function answers(store: TelemetryStore) {
  return [T0, T0 - 3_600_000].map((from) =>
    store.history({ series: SERIES, from, to: T0 + 1e6, maxPoints: 1000 }),
  );
}

describe('checkpoint codec', () => {
  it('restores the same history whether the columns are aligned in the file (views) or not (one copy)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 7 }),
        (s, tracked, lead) => {
          const store = filled(s);
          const { chunks } = decodeCheckpoint(encode(store, tracked, lead));
          const copy = new TelemetryStore(idx, tiers);
          for (const c of chunks) copy.importChunk(c);
          expect(answers(copy)).toEqual(answers(store));
        },
      ),
      { seed: 4, numRuns: 30 },
    );
  });

  it("places every chunk's columns 8-byte aligned in a file written with offsets, the JSON still JSON", () => {
    const buf = encode(filled(90), true);
    const { chunks } = decodeCheckpoint(buf);
    for (const { chunk } of chunks) {
      // Views of the file's own bytes (no copy was needed).
      expect(chunk.times.buffer).toBe(buf.buffer);
      expect((chunk.times.byteOffset - buf.byteOffset) % 8).toBe(0);
    }
  });

  it('says a truncated file is truncated, wherever it is cut, and a file read hands over nothing', () => {
    const buf = encode(filled(30), true);
    const dir = mkdtempSync(join(tmpdir(), 'gigawatt-ckpt-'));
    try {
      for (const cut of [10, 200, Math.floor(buf.length / 2), buf.length - 5]) {
        expect(() => decodeCheckpoint(buf.subarray(0, cut))).toThrow(CheckpointError);
        const path = join(dir, `cut-${cut}`);
        writeFileSync(path, buf.subarray(0, cut));
        const handed: unknown[] = [];
        expect(() => readCheckpointFile(path, (c) => handed.push(c))).toThrow(CheckpointError);
        expect(handed).toEqual([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a file a chunk at a time into the same history as decoding it whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gigawatt-ckpt-'));
    try {
      for (const [s, tracked] of [
        [150, true],
        [77, false],
      ] as const) {
        const store = filled(s);
        const path = join(dir, `ckpt-${s}`);
        writeFileSync(path, encode(store, tracked));
        const copy = new TelemetryStore(idx, tiers);
        const header = readCheckpointFile(path, (c) => copy.importChunk(c));
        expect(header.replayFrom).toBe(1);
        expect(answers(copy)).toEqual(answers(store));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
