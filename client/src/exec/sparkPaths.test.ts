import { describe, expect, it } from 'vitest';
import type { RangeSeries } from './rangeSeries.ts';
import { sparkPaths } from './sparkPaths.ts';

const s: RangeSeries = {
  t: [0, 50, 100],
  mean: [10, 20, 30],
  min: [5, 15, 25],
  max: [15, 25, 35],
  step: 50,
  lastCount: 1,
};

describe('sparkPaths', () => {
  it('spans the box: first point left, last point right, higher values further up', () => {
    const g = sparkPaths(s, 0, 100, 200, 40);
    expect(g.points).toBe(3);
    expect(g.line.startsWith('M0 ')).toBe(true);
    expect(g.last!.x).toBe(200);
    const ys = [...g.line.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys[0]!).toBeGreaterThan(ys[2]!);
    expect(g.band.endsWith('Z')).toBe(true);
    for (const y of ys) {
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(40);
    }
  });

  it('draws nothing without data and keeps a flat line mid-box', () => {
    expect(sparkPaths(undefined, 0, 1, 10, 10).line).toBe('');
    const flat = sparkPaths({ ...s, mean: [7, 7, 7], min: null, max: null }, 0, 100, 100, 20);
    expect(flat.last!.y).toBe(10);
    expect(flat.band).toBe('');
  });

  it('includes a nearby reference line (a cap) in the scale', () => {
    const g = sparkPaths(s, 0, 100, 100, 20, 40);
    expect(g.refY).not.toBeNull();
    expect(sparkPaths(s, 0, 100, 100, 20, 1000).refY).toBeNull();
  });
});
