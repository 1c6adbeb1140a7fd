import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { z } from 'zod';
import type { Parsed } from '../validation.ts';
import { broken } from './payloadArbs.ts';

/**
 * The promise every exact (copy-free) check makes, as properties against its zod schema: every valid
 * payload is taken as it is, and with one thing broken anywhere the answer is zod's (the same verdict and,
 * when valid, an equal value). Registered inside the caller's describe.
 */
export function exactCheckContract<T>(c: {
  schema: z.ZodType<T>;
  isExact: (x: unknown) => boolean;
  parse: (x: unknown) => Parsed<T>;
  /** Valid payloads, in every form they arrive in. */
  valid: fc.Arbitrary<unknown>;
  /** Valid payloads as decoded from JSON, the base for the broken ones. */
  validJson: fc.Arbitrary<unknown>;
}): void {
  it('takes every valid payload as it is, the value zod would return, without a copy', () => {
    fc.assert(
      fc.property(c.valid, (x) => {
        expect(c.isExact(x)).toBe(true);
        const r = c.parse(x);
        expect(r.ok && r.value).toBe(x);
        expect(c.schema.parse(x)).toStrictEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts what zod refuses or would change (one hostile value, key or gap anywhere)', () => {
    fc.assert(
      fc.property(broken(c.validJson), (x) => {
        const z = c.schema.safeParse(x);
        if (c.isExact(x)) {
          expect(z.success, JSON.stringify(x)).toBe(true);
          expect(z.data).toStrictEqual(x);
        }
        const r = c.parse(x);
        expect(r.ok).toBe(z.success);
        if (r.ok && z.success) expect(r.value).toStrictEqual(z.data);
        if (!r.ok) expect(r.error).toMatch(/\S/);
      }),
      { numRuns: 2000 },
    );
  });
}
