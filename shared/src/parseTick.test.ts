import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isExactTick, parseTick } from './parseTick.ts';
import { tickSchema } from './protocol.ts';
import { gpuCountsArb } from './testing/gpuCountsArb.ts';

// Up to the schema's bound of 100,000,000 GPUs in all.
const counts = gpuCountsArb(30_000_000, 10_000_000);
const ident = fc.stringMatching(/^[a-z][a-z0-9-]{0,39}$/);
const within = (min: number, max: number) =>
  fc.oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max, 0 >= min && 0 <= max ? 0 : min));
const epoch = fc.oneof(
  fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
  fc.constantFrom(946_684_800_000, 4_102_444_800_000),
);
const coolant = fc.record({
  supplyC: within(-50, 120),
  returnC: within(-50, 120),
  flowLpm: within(0, 100_000_000),
  cduPowerKw: within(0, 10_000_000),
});
const hall = fc.record(
  {
    hall: ident,
    itPowerMw: within(0, 100_000),
    gpus: counts,
    gpuUtilPct: within(0, 100),
    inletTempC: within(-50, 120),
    coolant,
  },
  { requiredKeys: ['hall', 'itPowerMw', 'gpus', 'gpuUtilPct', 'inletTempC'] },
);
const site = fc.record({
  site: ident,
  t: epoch,
  seq: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
  facilityPowerMw: within(0, 100_000),
  itPowerMw: within(0, 100_000),
  gpus: counts,
  gpuUtilPct: within(0, 100),
  inletTempC: within(-50, 120),
  halls: fc.array(hall, { maxLength: 6 }),
});
/** Valid ticks, as they arrive: through JSON (so -0 is 0 and no key holds undefined). */
const tick = fc
  .record({ t: epoch, seq: fc.nat(), sites: fc.array(site, { maxLength: 4 }) })
  .map((x) => JSON.parse(JSON.stringify(x)) as unknown);

const HOSTILE: unknown[] = [
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

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

type Container = Record<string, unknown> | unknown[];
/** Every object and array inside a value, with itself. */
function containers(x: unknown, out: Container[] = []): Container[] {
  if (typeof x === 'object' && x !== null) {
    out.push(x as Container);
    for (const v of Object.values(x)) containers(v, out);
  }
  return out;
}

/** A valid tick with one thing broken: a value replaced, a key removed, an unknown key added. */
const brokenTick = fc
  .tuple(tick, fc.nat(), fc.nat(), fc.constantFrom('replace', 'delete', 'add'), fc.constantFrom(...HOSTILE))
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

/** What the fast check promises: accepted means zod accepts it and returns an equal value. */
function agreesWithZod(x: unknown): void {
  if (!isExactTick(x)) return;
  const z = tickSchema.safeParse(x);
  expect(z.success, JSON.stringify(x)).toBe(true);
  expect(z.data).toStrictEqual(x);
}

describe('parseTick', () => {
  it('takes every valid tick as it is, the value zod would return, without a copy', () => {
    fc.assert(
      fc.property(tick, (x) => {
        expect(isExactTick(x)).toBe(true);
        const r = parseTick(x);
        expect(r.ok).toBe(true);
        expect(r.ok && r.value).toBe(x);
        expect(tickSchema.parse(x)).toStrictEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts what zod refuses or would change (one hostile value, key or gap anywhere)', () => {
    fc.assert(
      fc.property(brokenTick, (x) => {
        agreesWithZod(x);
        // Whatever the fast check said, the answer is zod's: the same verdict and, when valid, an equal value.
        const r = parseTick(x);
        const z = tickSchema.safeParse(x);
        expect(r.ok).toBe(z.success);
        if (r.ok && z.success) expect(r.value).toStrictEqual(z.data);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves the wording of an error to zod', () => {
    const r = parseTick({ t: 1, seq: -1, sites: [] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^t: t must be ms since epoch after 2000-01-01; seq: /);
  });

  it('refuses counts that do not add up, and passes unknown keys to zod to strip', () => {
    const good = {
      t: 1_800_000_000_000,
      seq: 3,
      sites: [
        {
          site: 'ohio',
          t: 1_800_000_000_000,
          seq: 3,
          facilityPowerMw: 480,
          itPowerMw: 440,
          gpus: { total: 10, rented: 4, internal: 3, idle: 2, failed: 1 },
          gpuUtilPct: 75,
          inletTempC: 24,
          halls: [],
        },
      ],
    };
    expect(isExactTick(good)).toBe(true);
    const bad = clone(good);
    bad.sites[0]!.gpus.failed = 2;
    expect(isExactTick(bad)).toBe(false);
    expect(parseTick(bad).ok).toBe(false);
    const extra = { ...clone(good), note: 'x' };
    expect(isExactTick(extra)).toBe(false);
    const r = parseTick(extra);
    expect(r.ok && r.value).toEqual(good);
    // Not a plain object (a class instance, an array) is zod's to judge.
    expect(isExactTick(Object.assign(Object.create({ t: 1 }), good))).toBe(false);
    expect(isExactTick([good])).toBe(false);
  });
});
