import { describe, expect, it } from 'vitest';
import { isExactTick, parseTick } from './parseTick.ts';
import { tickSchema } from './protocol.ts';
import { exactCheckContract } from './testing/exactCheckContract.ts';
import { clone, exampleSiteSample, tickArb as tick } from './testing/payloadArbs.ts';

describe('parseTick', () => {
  exactCheckContract({
    schema: tickSchema,
    isExact: isExactTick,
    parse: parseTick,
    valid: tick,
    validJson: tick,
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
      sites: [exampleSiteSample([])],
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
