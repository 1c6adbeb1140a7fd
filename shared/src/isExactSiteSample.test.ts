import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isExactSiteSample, parseSiteSample } from './isExactSiteSample.ts';
import { siteSampleSchema } from './sampleSchema.ts';
import { broken, clone, siteSampleArb, siteSampleJsonArb } from './testing/payloadArbs.ts';

describe('parseSiteSample', () => {
  it('takes every valid sample as it is (object literal or from JSON), the value zod would return', () => {
    fc.assert(
      fc.property(fc.oneof(siteSampleArb, siteSampleJsonArb), (x) => {
        expect(isExactSiteSample(x)).toBe(true);
        const r = parseSiteSample(x);
        expect(r.ok && r.value).toBe(x);
        expect(siteSampleSchema.parse(x)).toStrictEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts what zod refuses or would change (one hostile value, key or gap anywhere)', () => {
    fc.assert(
      fc.property(broken(siteSampleJsonArb), (x) => {
        const z = siteSampleSchema.safeParse(x);
        if (isExactSiteSample(x)) {
          expect(z.success, JSON.stringify(x)).toBe(true);
          expect(z.data).toStrictEqual(x);
        }
        // Whatever the fast check said, the answer is zod's: the same verdict and, when valid, an equal value.
        const r = parseSiteSample(x);
        expect(r.ok).toBe(z.success);
        if (r.ok && z.success) expect(r.value).toStrictEqual(z.data);
        if (!r.ok && !z.success) expect(r.error).toMatch(/\S/);
      }),
      { numRuns: 2000 },
    );
  });

  it('passes what is not a plain payload to zod: a key holding undefined, a class instance, a sparse array', () => {
    const good = {
      site: 'ohio',
      t: 1_800_000_000_000,
      seq: 3,
      facilityPowerMw: 480,
      itPowerMw: 440,
      gpus: { total: 10, rented: 4, internal: 3, idle: 2, failed: 1 },
      gpuUtilPct: 75,
      inletTempC: 24,
      halls: [
        {
          hall: 'h1',
          itPowerMw: 40,
          gpus: { total: 10, rented: 4, internal: 3, idle: 2, failed: 1 },
          gpuUtilPct: 75,
          inletTempC: 24,
        },
      ],
    };
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
