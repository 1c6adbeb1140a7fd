import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isExactSiteSample, parseSiteSample } from './isExactSiteSample.ts';
import { siteSampleSchema } from './sampleSchema.ts';
import { exactCheckContract } from './testing/exactCheckContract.ts';
import { clone, exampleSiteSample, siteSampleArb, siteSampleJsonArb } from './testing/payloadArbs.ts';

describe('parseSiteSample', () => {
  exactCheckContract({
    schema: siteSampleSchema,
    isExact: isExactSiteSample,
    parse: parseSiteSample,
    // Object literals (the built-in simulator's) and JSON (a producer's, over socket.io or HTTP).
    valid: fc.oneof(siteSampleArb, siteSampleJsonArb),
    validJson: siteSampleJsonArb,
  });

  it('passes what is not a plain payload to zod: a key holding undefined, a class instance, a sparse array', () => {
    const good = exampleSiteSample([
      {
        hall: 'h1',
        itPowerMw: 40,
        gpus: { total: 10, rented: 4, internal: 3, idle: 2, failed: 1 },
        gpuUtilPct: 75,
        inletTempC: 24,
      },
    ]);
    expect(isExactSiteSample(good)).toBe(true);
    // zod drops an optional key that holds undefined: its copy differs, so the copy is taken.
    const undef = clone(good);
    Object.assign(undef.halls[0]!, { coolant: undefined });
    expect(isExactSiteSample(undef)).toBe(false);
    expect(parseSiteSample(undef)).toEqual({ ok: true, value: good });
    expect(isExactSiteSample(Object.assign(Object.create({ x: 1 }), good))).toBe(false);
    const sparse = clone(good);
    sparse.halls.length = 2;
    expect(isExactSiteSample(sparse)).toBe(false);
    expect(parseSiteSample(sparse).ok).toBe(false);
  });
});
