import { describe, expect, it } from 'vitest';
import { between, deriveKey, hash, unit } from './hash.ts';

describe('hash', () => {
  it('is a pure function of its inputs', () => {
    expect(hash(1, 2, 3, 4)).toBe(hash(1, 2, 3, 4));
    expect(hash(1, 2)).toBe(hash(1, 2, 0, 0));
  });

  it('gives unrelated values for neighbouring counters', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(hash(7, 3, i));
    expect(seen.size).toBe(10_000);
    // Avalanche: flipping the counter's lowest bit flips about half of the output bits.
    let flipped = 0;
    for (let i = 0; i < 2000; i += 2) {
      let x = (hash(7, 3, i) ^ hash(7, 3, i + 1)) >>> 0;
      while (x) {
        flipped += x & 1;
        x >>>= 1;
      }
    }
    expect(flipped / (1000 * 32)).toBeGreaterThan(0.47);
    expect(flipped / (1000 * 32)).toBeLessThan(0.53);
  });

  it('maps to [0, 1) uniformly', () => {
    const bins = new Array<number>(10).fill(0);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = unit(11, 5, i);
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      bins[Math.floor(u * 10)]!++;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    const v = between(3, 5, 1, 2, 3);
    expect(v).toBeGreaterThanOrEqual(3);
    expect(v).toBeLessThan(5);
  });

  it('derives distinct keys, including from the high bits of large seeds', () => {
    expect(deriveKey(1)).not.toBe(deriveKey(2));
    expect(deriveKey(5)).not.toBe(deriveKey(5 + 2 ** 32));
    expect(deriveKey(5, 0, 1)).not.toBe(deriveKey(5, 1, 0));
    expect(deriveKey(-3)).toBe(deriveKey(-3));
  });
});
