import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float32Digits } from './float32Digits.ts';
import { JsonBytes } from './jsonBytes.ts';

const text = (w: JsonBytes) => w.bytes().toString('utf8');

describe('JsonBytes', () => {
  it('prints a float32 value as JSON that parses to exactly float32Digits of it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.float({ noNaN: true, noDefaultInfinity: true }),
          fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e25, max: 1e25 }),
          fc.integer({ min: -100_000_000, max: 100_000_000 }),
        ),
        (x) => {
          const out = text(new JsonBytes(8).float32(x));
          expect(out).toMatch(/^-?\d+(\.\d*[1-9])?(e[+-]\d+)?$/);
          expect(JSON.parse(out), out).toBe(JSON.parse(JSON.stringify(float32Digits(x))));
        },
      ),
      { seed: 11, numRuns: 3000 },
    );
  });

  it('prints the edge cases as JSON.stringify does: 0, -0, NaN and infinities (null), powers of ten', () => {
    for (const x of [
      0,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      1,
      10,
      0.1,
      1e-7,
      9999999.5,
      -0.0001234,
      1e20,
    ]) {
      expect(JSON.parse(text(new JsonBytes().float32(x))), String(x)).toBe(
        JSON.parse(JSON.stringify(float32Digits(x))),
      );
    }
    expect(text(new JsonBytes().float32(Math.fround(646.8)))).toBe('646.8');
  });

  it('prints runs of values that cross powers of ten (the decade of the last value is reused)', () => {
    const near = [-3, -1, 0, 1, 2, 3, 6, 9].flatMap((k) => {
      const p = 10 ** k;
      return [p, Math.fround(p), p * (1 - 1e-7), p * (1 + 1e-7), p * (1 - 1e-10), p * (1 + 1e-10), -p, p / 2];
    });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...near), { maxLength: 40 }), (xs) => {
        const back = JSON.parse(text(new JsonBytes(8).float32Array(xs))) as number[];
        expect(back).toEqual(xs.map((x) => JSON.parse(JSON.stringify(float32Digits(x)))));
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it('writes arrays, strings (any UTF-8) and numbers as valid JSON, growing past its first size', () => {
    const xs = Array.from({ length: 500 }, (_, i) => Math.fround(Math.sin(i) * 10 ** (i % 9)));
    const w = new JsonBytes(16)
      .raw('{"u":')
      .string('°C "quoted" \\ ✓')
      .raw(',"t":')
      .numberArray([1_764_900_000_000, 1.5, Number.NaN])
      .raw(',"v":')
      .float32Array(xs)
      .raw(',"e":')
      .float32Array([])
      .raw('}');
    const back = JSON.parse(text(w)) as { u: string; t: unknown[]; v: number[]; e: number[] };
    expect(back.u).toBe('°C "quoted" \\ ✓');
    expect(back.t).toEqual([1_764_900_000_000, 1.5, null]);
    expect(back.v).toEqual(xs.map(float32Digits));
    expect(back.e).toEqual([]);
    expect(w.length).toBe(w.bytes().length);
  });
});
