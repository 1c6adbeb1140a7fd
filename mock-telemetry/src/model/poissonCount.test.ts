import { describe, expect, it } from 'vitest';
import { unit } from './hash.ts';
import { poissonCount } from './poissonCount.ts';

describe('poissonCount', () => {
  it.each([0.05, 0.5, 3, 40])('has mean and variance λ = %s', (lambda) => {
    const n = 40_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const k = poissonCount(lambda, unit(9, 1, i));
      sum += k;
      sq += k * k;
    }
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n) + 1e-9);
    expect(variance / lambda).toBeGreaterThan(0.9);
    expect(variance / lambda).toBeLessThan(1.1);
  });

  it('returns 0 for a non-positive rate and stays finite for u near 1', () => {
    expect(poissonCount(0, 0.5)).toBe(0);
    expect(poissonCount(-1, 0.5)).toBe(0);
    expect(poissonCount(2, 0.999_999_999_9)).toBeLessThan(40);
  });
});
