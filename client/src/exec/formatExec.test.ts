import { describe, expect, it } from 'vitest';
import { changeVsPrevious } from './execFigures.ts';
import { changeTone, formatChange, formatUsdPerYear, roundTo } from './formatExec.ts';

describe('formatExec', () => {
  it('annual amounts read like a finance slide', () => {
    expect(formatUsdPerYear(7.0188e9)).toBe('$7.0B/yr');
    expect(formatUsdPerYear(412.4e6)).toBe('$412M/yr');
    expect(formatUsdPerYear(41.24e6)).toBe('$41.2M/yr');
    expect(formatUsdPerYear(950)).toBe('$950/yr');
    expect(formatUsdPerYear(Number.NaN)).toBe('—');
  });

  it('changes are signed and carry a unit', () => {
    const fmt = (v: number) => `${v.toFixed(2)}`;
    const text = (c: ReturnType<typeof changeVsPrevious>, s: 'pts' | 'rel' | 'abs') =>
      formatChange(c, s, fmt).text;
    expect(text(changeVsPrevious(81.2, 80), 'pts')).toBe('+1.2 pts');
    expect(text(changeVsPrevious(90, 100), 'rel')).toBe('−10 %');
    expect(text(changeVsPrevious(101.5, 100), 'rel')).toBe('+1.5 %');
    // No relative change from zero: the absolute one instead.
    expect(text(changeVsPrevious(5, 0), 'rel')).toBe('+5.00');
    expect(text(changeVsPrevious(Number.NaN, 0), 'rel')).toBe('—');
    expect(text(changeVsPrevious(1.134, 1.12), 'abs')).toBe('+0.01');
  });

  it('a change that rounds to zero is flat, never "−0.00"', () => {
    const fmt = (v: number) => v.toFixed(2);
    expect(formatChange(changeVsPrevious(1.117, 1.12), 'abs', fmt)).toEqual({
      text: '±0.00',
      arrow: '▶',
      flat: true,
    });
    expect(formatChange(changeVsPrevious(100.02, 100), 'rel', fmt)).toMatchObject({
      text: '±0.0 %',
      flat: true,
    });
    expect(formatChange(changeVsPrevious(80, 80.3), 'pts', fmt)).toEqual({
      text: '−0.3 pts',
      arrow: '▼',
      flat: false,
    });
  });

  it('arrows and tones follow which way is better', () => {
    const up = changeVsPrevious(2, 1);
    expect(formatChange(up, 'abs', String).arrow).toBe('▲');
    expect(changeTone(up, 'up')).toBe('good');
    expect(changeTone(up, 'down')).toBe('bad');
    expect(changeTone(changeVsPrevious(1, 1), 'up')).toBe('neutral');
  });

  it('rounds for charts and CSV alike', () => {
    expect(roundTo(80.123456, 3)).toBe(80.123);
    expect(roundTo(Number.NaN, 2)).toBeNaN();
  });
});
