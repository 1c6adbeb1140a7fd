import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rackBlockFromJson, rackBlockToJson, shortestFloat32 } from './rackBlockJson.ts';

describe('rack block JSON', () => {
  it('writes every float32 as a number that reads back as the same float32', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(Math.fround(shortestFloat32(v)) === v).toBe(true);
      }),
      { seed: 3, numRuns: 5000 },
    );
  });

  it('keeps typical meter values short', () => {
    expect(shortestFloat32(Math.fround(120.34935))).toBe(120.34935);
    expect(shortestFloat32(Math.fround(24.3))).toBe(24.3);
    expect(shortestFloat32(Math.fround(99.99))).toBe(99.99);
    expect(shortestFloat32(1500)).toBe(1500);
  });

  it('round-trips a block, and refuses implausible values on the way back', () => {
    const block = {
      site: 'ohio',
      hall: 'h1',
      t: 1_780_315_200_000,
      powerKw: Float32Array.of(120.5, 0, 1999.9),
      utilPct: Float32Array.of(0.01, 50, 100),
      inletTempC: Float32Array.of(-49.5, 24.3, 119.9),
    };
    expect(rackBlockFromJson(rackBlockToJson(block))).toEqual(block);
    expect(rackBlockFromJson({ ...rackBlockToJson(block), utilPct: [1, 2, 101] })).toMatch(/utilPct\[2\]/);
  });
});
