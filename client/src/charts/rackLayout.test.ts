import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rackAt, rackLayout } from './rackLayout.ts';

describe('rackLayout', () => {
  it('fits every rack inside the box', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 200, max: 2000 }),
        fc.integer({ min: 100, max: 1000 }),
        (n, w, h) => {
          const l = rackLayout(n, w, h);
          expect(l.cols * l.rows).toBeGreaterThanOrEqual(n);
          expect(l.width).toBeLessThanOrEqual(w);
          if (l.cell > 2) expect(l.height).toBeLessThanOrEqual(h);
        },
      ),
    );
  });

  it('uses big cells for a small hall', () => {
    const l = rackLayout(240, 600, 400);
    expect(l.cell).toBeGreaterThanOrEqual(20);
  });

  it('maps points to racks', () => {
    const l = rackLayout(10, 100, 100, 10);
    expect(rackAt(l, 10, 0, 0)).toBe(0);
    expect(rackAt(l, 10, l.cell + l.gap + 1, 0)).toBe(1);
    expect(rackAt(l, 10, -1, 0)).toBe(-1);
    expect(rackAt(l, 10, 0, 1000)).toBe(-1);
  });
});
