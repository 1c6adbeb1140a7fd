import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { axisTicks } from './axisTicks.ts';

const T0 = Date.UTC(2026, 10, 23, 14, 3, 20);
const MIN = 60_000;

describe('axisTicks', () => {
  it('picks round times for the span', () => {
    expect(axisTicks(T0, T0 + 20 * MIN, 6, 0).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '14:10',
      '14:15',
      '14:20',
    ]);
    const day = axisTicks(T0, T0 + 24 * 60 * MIN, 6, 0).map((t) => new Date(t).toISOString().slice(11, 16));
    expect(day).toEqual(['18:00', '00:00', '06:00']);
  });

  it('aligns to the viewer’s clock, not UTC', () => {
    // India: UTC+5:30, so local whole hours are at :30 UTC.
    for (const t of axisTicks(T0, T0 + 6 * 60 * MIN, 6, 330 * MIN))
      expect((t + 330 * MIN) % (60 * MIN)).toBe(0);
  });

  it('stays inside the span, in order, at most max, for any span', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 1000, max: 30 * 86_400_000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -720, max: 840 }).map((m) => m * MIN),
        (start, span, max, offset) => {
          const ticks = axisTicks(start, start + span, max, offset);
          expect(ticks.length).toBeLessThanOrEqual(max + 1);
          for (let i = 0; i < ticks.length; i++) {
            expect(ticks[i]).toBeGreaterThan(start);
            expect(ticks[i]).toBeLessThan(start + span);
            if (i > 0) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]!);
          }
        },
      ),
    );
  });
});
