import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from './parseInstant.ts';

describe('parseInstant', () => {
  it('reads ms since epoch, flooring a fraction', () => {
    expect(parseInstant('0')).toBe(0);
    expect(parseInstant(' 1784124000000 ')).toBe(1_784_124_000_000);
    expect(parseInstant('1784124000000.9')).toBe(1_784_124_000_000);
    expect(parseInstant('-5')).toBe(-5);
    expect(parseInstant('-1.5')).toBe(-2);
    expect(parseInstant('-0')).toBe(0);
    expect(parseInstant('8640000000000000')).toBe(8.64e15);
  });

  it('reads RFC 3339 with or without seconds, any zone, any case', () => {
    expect(parseInstant('2026-07-15T14:00:00Z')).toBe(Date.UTC(2026, 6, 15, 14));
    expect(parseInstant('2026-07-15T14:00Z')).toBe(Date.UTC(2026, 6, 15, 14));
    expect(parseInstant('2026-07-15t14:00:00z')).toBe(Date.UTC(2026, 6, 15, 14));
    expect(parseInstant('2026-07-15T16:30:00+02:30')).toBe(Date.UTC(2026, 6, 15, 14));
    expect(parseInstant('2026-07-15T09:00:00-05:00')).toBe(Date.UTC(2026, 6, 15, 14));
    expect(parseInstant('2026-07-15T14:00:00.250Z')).toBe(Date.UTC(2026, 6, 15, 14) + 250);
    expect(parseInstant('2026-07-15T14:00:00.123456789Z')).toBe(Date.UTC(2026, 6, 15, 14) + 123);
    expect(parseInstant('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    // Date.UTC would read year 99 as 1999.
    expect(parseInstant('0099-01-01T00:00:00Z')).toBe(Date.parse('0099-01-01T00:00:00Z'));
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    for (const bad of [
      '2026-02-31T00:00:00Z',
      '2027-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-07-00T00:00:00Z',
      '2026-07-15T24:00:00Z',
      '2026-07-15T14:60:00Z',
      '2026-07-15T14:00:60Z',
      '2026-07-15T14:00:00+24:00',
      '2026-07-15T14:00:00+02:60',
    ])
      expect(parseInstant(bad), bad).toBeUndefined();
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'now',
      '--1',
      '+1',
      '1e12',
      '0x10',
      'Infinity',
      '99999999999999999',
      '8640000000000001',
      '-8640000000000001',
      '99999999999999999999',
      '2026-07-15',
      '2026-07-15T14:00:00',
      '2026-07-15 14:00:00Z',
      '2026-7-15T14:00:00Z',
      'Wed, 15 Jul 2026 14:00:00 GMT',
      '2026-07-15T14:00:00Z trailing',
      `2026-07-15T14:00:00.${'1'.repeat(100)}Z`,
      '١٢٣',
    ])
      expect(parseInstant(bad), bad).toBeUndefined();
  });

  it('round-trips every ISO string a Date prints (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00Z'), max: Date.UTC(9999, 11, 31) }),
        (t) => {
          expect(parseInstant(new Date(t).toISOString())).toBe(t);
          expect(parseInstant(String(t))).toBe(t);
        },
      ),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('agrees with Date.parse on valid offsets (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Date.UTC(9999, 0, 1) }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (t, offsetMin) => {
          const local = new Date(t + offsetMin * 60_000).toISOString().slice(0, 19);
          const a = Math.abs(offsetMin);
          const zone = `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
          const text = `${local}${zone}`;
          expect(parseInstant(text)).toBe(Date.parse(text));
        },
      ),
      { seed: 12, numRuns: 1000 },
    );
  });

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[\d:TZtz.+-]{0,40}$/)), (text) => {
        const v = parseInstant(text);
        if (v !== undefined) expect(Number.isInteger(v)).toBe(true);
      }),
      { seed: 13, numRuns: 2000 },
    );
  });
});
