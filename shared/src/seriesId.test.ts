import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultFleet } from './defaultFleet.ts';
import { indexFleet } from './fleetIndex.ts';
import { FLEET_METRICS, formatSeriesId, HALL_METRICS, parseSeriesId, SITE_METRICS } from './seriesId.ts';

const idx = indexFleet(defaultFleet);

describe('series ids', () => {
  it('round-trip every fleet, site and hall series of the default fleet', () => {
    for (const metric of FLEET_METRICS) {
      expect(parseSeriesId(`fleet:${metric}`, idx)).toEqual({ level: 'fleet', metric });
    }
    for (const metric of SITE_METRICS) {
      for (const s of defaultFleet.sites) {
        const id = formatSeriesId({ level: 'site', site: s.id, metric });
        expect(parseSeriesId(id, idx)).toEqual({ level: 'site', site: s.id, metric });
      }
    }
    for (const metric of HALL_METRICS) {
      const ref = { level: 'hall' as const, site: 'ohio', hall: 'h11', metric };
      expect(parseSeriesId(formatSeriesId(ref), idx)).toEqual(ref);
    }
  });

  it('returns a message, never throws, for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const r = parseSeriesId(s, idx);
        expect(typeof r === 'string' || typeof r === 'object').toBe(true);
      }),
      { seed: 3, numRuns: 500 },
    );
    expect(parseSeriesId('site:atlantis:pue', idx)).toMatch(/unknown site/);
    expect(parseSeriesId('hall:ohio:h1:facilityPowerMw', idx)).toMatch(/hall level/);
    // Coolant is a hall's (its CDUs'): a site mixes liquid- and air-cooled halls.
    expect(parseSeriesId('site:ohio:coolantSupplyC', idx)).toMatch(/site level/);
    expect(parseSeriesId('fleet:coolantReturnC', idx)).toMatch(/fleet level/);
    expect(parseSeriesId('fleet:x:y:z:pue', idx)).toMatch(/malformed/);
  });
});
