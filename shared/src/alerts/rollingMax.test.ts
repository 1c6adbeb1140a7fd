import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMax } from './rollingMax.ts';

describe('RollingMax', () => {
  it('is the maximum over [t − window, t]', () => {
    const m = new RollingMax(2000);
    expect(m.push(0, 5)).toBe(5);
    expect(m.push(1000, 3)).toBe(5);
    expect(m.push(2000, 1)).toBe(5);
    expect(m.push(3000, 2)).toBe(3);
    expect(m.push(4000, 0)).toBe(2);
  });

  it('property: matches a naive scan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: -5, max: 5 })), {
          maxLength: 500,
        }),
        (windowMs, readings) => {
          const m = new RollingMax(windowMs);
          const seen: [number, number][] = [];
          let t = 0;
          for (const [step, v] of readings) {
            t += step;
            seen.push([t, v]);
            const naive = Math.max(...seen.filter(([ts]) => ts >= t - windowMs).map(([, x]) => x));
            expect(m.push(t, v)).toBe(naive);
          }
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
