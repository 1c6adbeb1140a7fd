import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMean } from './rollingMean.ts';

describe('RollingMean', () => {
  it('equals the plain mean of the readings inside the window', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })),
          { minLength: 1, maxLength: 300 },
        ),
        fc.integer({ min: 1, max: 20_000 }),
        (steps, windowMs) => {
          const m = new RollingMean(windowMs);
          const seen: [number, number][] = [];
          let t = 0;
          for (const [dt, v] of steps) {
            t += dt;
            seen.push([t, v]);
            const inside = seen.filter(([x]) => x > t - windowMs).map(([, y]) => y);
            expect(m.push(t, v)).toBeCloseTo(inside.reduce((a, b) => a + b, 0) / inside.length, 6);
          }
        },
      ),
      { seed: 21, numRuns: 100 },
    );
  });
});
