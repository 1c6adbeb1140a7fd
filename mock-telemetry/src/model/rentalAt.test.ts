import { defaultFleet } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { buildFleetModel, type HallModel } from './buildFleetModel.ts';
import { RENTAL_MAX_SHARE, RENTAL_MIN_EPOCH_H } from './modelConstants.ts';
import { rentalAt } from './rentalAt.ts';

const HOUR0 = Math.floor(Date.UTC(2026, 2, 1) / 3_600_000);
const hallOf = (seed: number, site: string, hall: string): HallModel =>
  buildFleetModel(defaultFleet, seed)
    .find((s) => s.config.id === site)!
    .hallById.get(hall)!;

describe('rentalAt', () => {
  it('changes contracts in epochs of a few hours to a few days', () => {
    const h = hallOf(3, 'ohio', 'h11');
    const lengths: number[] = [];
    for (let k = 0; k < 3; k++) {
      let start = rentalAt(h, HOUR0).epoch[k]!;
      for (let hour = HOUR0 + 1; hour < HOUR0 + 120 * 24; hour++) {
        const e = rentalAt(h, hour).epoch[k]!;
        if (e !== start) {
          expect(e).toBe(hour);
          if (start >= HOUR0) lengths.push(e - start);
          start = e;
        }
      }
    }
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(RENTAL_MIN_EPOCH_H);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(72);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(mean).toBeGreaterThan(6);
    expect(mean).toBeLessThan(36);
  });

  it('rents whole racks, never the whole hall, around the hall propensity on average', () => {
    for (const [site, hall] of [
      ['ohio', 'h11'],
      ['texas', 'h6'],
      ['louisiana', 'h1'],
    ] as const) {
      const h = hallOf(5, site, hall);
      let sum = 0;
      let n = 0;
      for (let hour = HOUR0; hour < HOUR0 + 180 * 24; hour += 3) {
        const r = rentalAt(h, hour);
        const racks = r.racks.reduce((a, b) => a + b, 0);
        for (const x of r.racks) expect(Number.isInteger(x) && x >= 0).toBe(true);
        expect(racks).toBeLessThanOrEqual(Math.round(RENTAL_MAX_SHARE * h.racks));
        for (const u of r.utilLevel) expect(u >= 55 && u <= 92).toBe(true);
        sum += racks / h.racks;
        n++;
      }
      const mean = sum / n;
      // The cap trims the top of high-propensity halls, so allow a little below the propensity.
      expect(mean).toBeGreaterThan(h.rentalPropensity * 0.8);
      expect(mean).toBeLessThan(h.rentalPropensity * 1.15);
    }
  });

  it('does not depend on which hours were asked before (the cache is transparent)', () => {
    const a = hallOf(9, 'texas', 'h4');
    const b = hallOf(9, 'texas', 'h4');
    for (let i = 0; i < 50; i++) rentalAt(a, HOUR0 + i * 17);
    for (const hour of [HOUR0 + 5, HOUR0 + 900, HOUR0 - 3000]) {
      expect(rentalAt(a, hour)).toEqual(rentalAt(b, hour));
    }
  });
});
