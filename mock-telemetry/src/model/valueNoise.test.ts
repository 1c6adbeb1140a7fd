import { describe, expect, it } from 'vitest';
import { valueNoise } from './valueNoise.ts';

describe('valueNoise', () => {
  it('stays in [-1, 1] and is continuous', () => {
    let prev = valueNoise(3, 1, 0);
    let maxAbs = 0;
    let maxStep = 0;
    for (let x = 0.001; x < 50; x += 0.001) {
      const v = valueNoise(3, 1, x);
      maxAbs = Math.max(maxAbs, Math.abs(v));
      maxStep = Math.max(maxStep, Math.abs(v - prev));
      prev = v;
    }
    expect(maxAbs).toBeLessThanOrEqual(1);
    expect(maxStep).toBeLessThan(0.01);
  });

  it('varies between lattice points and differs per stream', () => {
    const a = Array.from({ length: 20 }, (_, i) => valueNoise(3, 1, i + 0.5));
    expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(0.5);
    expect(valueNoise(3, 1, 7.3)).not.toBe(valueNoise(3, 2, 7.3));
  });
});
