import { describe, expect, it } from 'vitest';
import { type ChunkSpan, historyWindows } from './historyWindows.ts';

const NS = 1_000_000n;
const T0 = 1_780_000_000_000;

/** Chunks of 10 s each holding channel 1 (and channel 2 in every third). */
const chunks: ChunkSpan[] = Array.from({ length: 100 }, (_, i) => ({
  messageStartTime: BigInt(T0 + i * 10_000) * NS,
  messageEndTime: BigInt(T0 + i * 10_000 + 9000) * NS,
  messageIndexOffsets: new Map(
    i % 3 === 0
      ? [
          [1, 0n],
          [2, 0n],
        ]
      : [[1, 0n]],
  ),
}));

describe('historyWindows', () => {
  it('reads the whole range when few chunks cover it', () => {
    expect(historyWindows(chunks, new Set([1]), T0, T0 + 99_000, 10)).toEqual([
      { from: T0, to: T0 + 99_000 },
    ]);
    expect(historyWindows(chunks, new Set([1]), T0 + 5000, T0, 10)).toEqual([]);
  });

  it('counts only chunks that hold the channels asked for', () => {
    // 34 chunks hold channel 2: over a budget of 30, under one of 40.
    expect(historyWindows(chunks, new Set([2]), T0, T0 + 1_000_000, 40)).toHaveLength(1);
    expect(historyWindows(chunks, new Set([2]), T0, T0 + 1_000_000, 30)).toHaveLength(30);
  });

  it('samples evenly spread whole seconds inside chunks beyond the budget, in order, without overlap', () => {
    const w = historyWindows(chunks, new Set([1]), T0, T0 + 1_000_000, 10);
    expect(w).toHaveLength(10);
    for (const x of w) {
      expect(x.from % 1000).toBe(0);
      expect(x.to % 1000).toBe(999);
      expect(x.to).toBeGreaterThan(x.from);
    }
    for (let i = 1; i < w.length; i++) expect(w[i]!.from).toBeGreaterThan(w[i - 1]!.to);
    expect(w[0]!.from).toBeLessThan(T0 + 100_000);
    expect(w.at(-1)!.to).toBeGreaterThan(T0 + 900_000);
    // The first and last second of a chunk are left out (they may be split with a neighbour).
    expect(w[0]).toEqual({ from: T0 + 50_000 + 1000, to: T0 + 50_000 + 8999 });
  });
});
