import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './parseDuration.ts';

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

describe('parseDuration', () => {
  it('reads one or more parts, decimals, any case, spaces between parts', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h 30m')).toBe(5_400_000);
    expect(parseDuration(' 500MS ')).toBe(500);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('0.4ms')).toBe(0);
  });

  it('reads a bare number only when the caller says it means seconds', () => {
    expect(parseDuration('45')).toBeUndefined();
    expect(parseDuration('45', { bareNumber: 'seconds' })).toBe(45_000);
    expect(parseDuration('0.5', { bareNumber: 'seconds' })).toBe(500);
  });

  it('refuses everything else', () => {
    for (const bad of [
      '',
      ' ',
      's',
      '-1s',
      '1',
      '1x',
      '1 day',
      '1s-',
      'ms',
      '1e3s',
      'Infinity',
      'NaN',
      '1.s',
      '.5s',
      '1s\u00001s',
      '1,5s',
      '0x10s',
      '١s',
      `${'9'.repeat(400)}d`,
      '1s'.repeat(40),
      '__proto__',
      'constructor',
    ])
      expect(parseDuration(bad), JSON.stringify(bad)).toBeUndefined();
  });

  it('never goes past a safe integer', () => {
    expect(parseDuration('99999999999999999d')).toBeUndefined();
    expect(parseDuration('104249991d')).toBeDefined();
  });

  it('sums the parts it is given, in any order (property)', () => {
    const part = fc.record({
      n: fc.integer({ min: 0, max: 10_000 }),
      unit: fc.constantFrom(...(Object.keys(UNITS) as (keyof typeof UNITS)[])),
      space: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map((p) => `${p.n}${p.space ? ' ' : ''}${p.unit}`).join(' ');
        const want = parts.reduce((t, p) => t + p.n * UNITS[p.unit], 0);
        expect(parseDuration(text)).toBe(want);
        expect(parseDuration(text.toUpperCase())).toBe(want);
      }),
      { seed: 9, numRuns: 500 },
    );
  });

  it('never throws and returns a whole, non-negative ms count or undefined (hostile input)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[\d.\smshdMSHD-]{0,30}$/)), (text) => {
        const v = parseDuration(text);
        if (v !== undefined) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
      }),
      { seed: 10, numRuns: 2000 },
    );
  });
});
