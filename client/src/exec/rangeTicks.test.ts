import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, rangeTickStep, rangeTicks, tickLabel } from './rangeTicks.ts';

describe('rangeTicks', () => {
  it('spaces labels by the room available', () => {
    expect(rangeTickStep(3_600_000, 1200)).toBe(5 * 60_000);
    expect(rangeTickStep(3_600_000, 320)).toBe(15 * 60_000);
    expect(rangeTickStep(DAY, 1200)).toBe(2 * 3_600_000);
    expect(rangeTickStep(7 * DAY, 320)).toBe(2 * DAY);
  });

  it('puts ascending ticks on round local times inside the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1.7e12, max: 1.9e12 }),
        fc.integer({ min: 60_000, max: 14 * DAY }),
        fc.integer({ min: 200, max: 2000 }),
        (from, span, width) => {
          const step = rangeTickStep(span, width);
          const ticks = rangeTicks(from, from + span, step);
          for (const t of ticks) {
            expect(t).toBeGreaterThanOrEqual(from);
            expect(t).toBeLessThanOrEqual(from + span);
            const d = new Date(t);
            expect(d.getSeconds()).toBe(0);
            if (step >= DAY) expect(d.getHours() * 60 + d.getMinutes()).toBe(0);
          }
          for (let i = 1; i < ticks.length; i++) expect(ticks[i]!).toBeGreaterThan(ticks[i - 1]!);
        },
      ),
    );
  });

  it('labels times of day and days', () => {
    const noon = new Date(2026, 10, 23, 12, 30).getTime();
    const midnight = new Date(2026, 10, 23).getTime();
    expect(tickLabel(noon, 30 * 60_000)).toBe('12:30');
    expect(tickLabel(midnight, 3_600_000)).toBe('Mon 23');
    expect(tickLabel(midnight, DAY)).toBe('Mon 23');
  });
});
