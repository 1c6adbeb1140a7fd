import { describe, expect, it } from 'vitest';
import { colorAt, colorFor, cssGradient, lut } from './colorScale.ts';

describe('colorScale', () => {
  it('maps the ends of the domain to the ends of the scale', () => {
    expect(colorAt('viridis', 0)).toEqual([68, 1, 84]);
    expect(colorAt('viridis', 1)).toEqual([253, 231, 37]);
    expect(colorAt('magma', -5)).toEqual([0, 0, 4]);
  });

  it('clamps and survives NaN', () => {
    expect(colorFor('viridis', 500, 0, 100)).toBe(lut('viridis')[255]);
    expect(colorFor('viridis', Number.NaN, 0, 100)).toBe(lut('viridis')[0]);
    expect(colorFor('magma', 5, 5, 5)).toBe(lut('magma')[0]);
  });

  it('gets brighter along the scale (readable order on a dark background)', () => {
    const lum = ([r, g, b]: readonly [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    for (const s of ['viridis', 'magma'] as const) {
      for (let i = 1; i <= 10; i++)
        expect(lum(colorAt(s, i / 10))).toBeGreaterThan(lum(colorAt(s, (i - 1) / 10)));
    }
  });

  it('builds a CSS gradient', () => {
    expect(cssGradient('viridis')).toMatch(/^linear-gradient\(to right, rgb\(68,1,84\) 0.0%/);
  });
});
