import fc from 'fast-check';
import { gpuCountsArb } from './gpuCountsArb.ts';

/*
 * Test data for the exact (copy-free) payload checks: valid site samples and ticks as they arrive
 * (through JSON), hostile values, and a way to break one thing anywhere in a valid payload.
 */

// Up to the schema's bound of 100,000,000 GPUs in all.
const counts = gpuCountsArb(30_000_000, 10_000_000);
const ident = fc.stringMatching(/^[a-z][a-z0-9-]{0,39}$/);
const within = (min: number, max: number) =>
  fc.oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max, 0 >= min && 0 <= max ? 0 : min));
const epoch = fc.oneof(
  fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
  fc.constantFrom(946_684_800_000, 4_102_444_800_000),
);
const coolant = fc.record(
  {
    supplyC: within(-50, 120),
    returnC: within(-50, 120),
    flowLpm: within(0, 100_000_000),
    cduPowerKw: within(0, 10_000_000),
  },
  { noNullPrototype: true },
);
const hall = fc.record(
  {
    hall: ident,
    itPowerMw: within(0, 100_000),
    gpus: counts,
    gpuUtilPct: within(0, 100),
    inletTempC: within(-50, 120),
    coolant,
  },
  { requiredKeys: ['hall', 'itPowerMw', 'gpus', 'gpuUtilPct', 'inletTempC'], noNullPrototype: true },
);
/** Valid site samples as object literals (the built-in simulator's). */
export const siteSampleArb = fc.record(
  {
    site: ident,
    t: epoch,
    seq: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    facilityPowerMw: within(0, 100_000),
    itPowerMw: within(0, 100_000),
    gpus: counts,
    gpuUtilPct: within(0, 100),
    inletTempC: within(-50, 120),
    halls: fc.array(hall, { maxLength: 6 }),
  },
  { noNullPrototype: true },
);
/** Valid ticks, as they arrive: through JSON (so -0 is 0 and no key holds undefined). */
export const tickArb = fc
  .record({ t: epoch, seq: fc.nat(), sites: fc.array(siteSampleArb, { maxLength: 4 }) })
  .map((x) => JSON.parse(JSON.stringify(x)) as unknown);

export const HOSTILE: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  -0,
  1.5,
  1e9,
  1e20,
  2 ** 53,
  -1e-9,
  // Just past each bound of the schema (utilization, temperatures, powers, counts, flow, time).
  100.0001,
  120.01,
  -50.01,
  100_000.01,
  10_000_000.5,
  100_000_001,
  946_684_799_999,
  4_102_444_800_001,
  '',
  'x',
  'Ohio',
  'a'.repeat(41),
  '12',
  null,
  undefined,
  true,
  [],
  {},
  [1, 2],
  { total: 1 },
];

export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

type Container = Record<string, unknown> | unknown[];
/** Every object and array inside a value, with itself. */
function containers(x: unknown, out: Container[] = []): Container[] {
  if (typeof x === 'object' && x !== null) {
    out.push(x as Container);
    for (const v of Object.values(x)) containers(v, out);
  }
  return out;
}

/** A valid payload with one thing broken: a value replaced, a key removed, an unknown key added. */
export const broken = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      valid,
      fc.nat(),
      fc.nat(),
      fc.constantFrom('replace', 'delete', 'add'),
      fc.constantFrom(...HOSTILE),
    )
    .map(([generated, which, key, op, hostile]) => {
      // Fresh copies: fast-check maps the same generated values again while shrinking.
      const t = clone(generated);
      const bad = typeof hostile === 'object' && hostile !== null ? clone(hostile) : hostile;
      const all = containers(t);
      const target = all[which % all.length]!;
      const keys = Object.keys(target);
      const k = keys.length > 0 ? keys[key % keys.length]! : '0';
      const rec = target as Record<string, unknown>;
      if (op === 'replace') rec[k] = bad;
      else if (op === 'delete') delete rec[k];
      // An unknown key on an object (JSON gives an array nothing but its elements).
      else if (!Array.isArray(target)) rec.extra = bad;
      return t;
    });

/** Valid site samples as a producer sends them over JSON (socket.io, HTTP). */
export const siteSampleJsonArb = siteSampleArb.map((x) => JSON.parse(JSON.stringify(x)) as unknown);

/** One plain, valid site sample (Ohio, 10 GPUs in all) with the given halls, for hand-written cases. */
export const exampleSiteSample = <H>(halls: H[]) => ({
  site: 'ohio',
  t: 1_800_000_000_000,
  seq: 3,
  facilityPowerMw: 480,
  itPowerMw: 440,
  gpus: { total: 10, rented: 4, internal: 3, idle: 2, failed: 1 },
  gpuUtilPct: 75,
  inletTempC: 24,
  halls,
});
