import { defaultFleet } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFleetModel, type SiteModel } from './buildFleetModel.ts';
import { PUE_LOAD_HIGH, PUE_LOAD_LOW } from './modelConstants.ts';
import { fitPueCurve, pueAt } from './sitePue.ts';
import { type SiteWeather, siteWeather } from './siteWeather.ts';

const sites = buildFleetModel(defaultFleet, 1);
const site = (id: string): SiteModel => sites.find((s) => s.config.id === id)!;
const weather = (coolingLoad: number): SiteWeather => ({ outdoorC: 0, heat: coolingLoad, coolingLoad });
const at = (y: number, m: number, d: number, hourUtc: number) =>
  Math.floor(Date.UTC(y, m - 1, d, hourUtc) / 1000);

describe('sitePue', () => {
  it('spans each design band: bottom at high load in cold weather, top at low load on the hottest day', () => {
    for (const s of sites) {
      const c = s.pue;
      expect(pueAt(c, PUE_LOAD_HIGH * s.installedItMw, weather(0)), s.config.id).toBeCloseTo(s.pueMin, 9);
      expect(pueAt(c, PUE_LOAD_LOW * s.installedItMw, weather(1)), s.config.id).toBeCloseTo(s.pueMax, 9);
      // Both causes move it: neither the load nor the weather alone spans the band.
      expect(c.fixedMw, s.config.id).toBeGreaterThan(0);
      expect(c.cooling, s.config.id).toBeGreaterThan(0);
    }
  });

  it('rises when the IT load falls (fixed overhead) and when the weather warms (cooling work)', () => {
    for (const s of sites) {
      const it = 0.75 * s.installedItMw;
      const base = pueAt(s.pue, it, weather(0.3));
      expect(pueAt(s.pue, 0.9 * it, weather(0.3)), s.config.id).toBeGreaterThan(base);
      expect(pueAt(s.pue, it, weather(0.6)), s.config.id).toBeGreaterThan(base);
    }
  });

  it('stays inside the band at any load and weather', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sites.length - 1 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (i, load, w) => {
          const s = sites[i]!;
          const pue = pueAt(s.pue, load * s.installedItMw, weather(w));
          return pue >= s.pueMin && pue <= s.pueMax;
        },
      ),
      { seed: 5, numRuns: 300 },
    );
  });

  it('puts Louisiana in the top of its band on hot humid summer afternoons at its usual load', () => {
    const la = site('louisiana');
    const it = 0.77 * la.installedItMw;
    const afternoons = [20, 21, 22, 23, 24, 25, 26].map((d) =>
      pueAt(la.pue, it, siteWeather(la, at(2026, 7, d, 21))),
    );
    const mean = afternoons.reduce((a, b) => a + b, 0) / afternoons.length;
    const width = la.pueMax - la.pueMin;
    expect(mean).toBeGreaterThan(la.pueMax - 0.3 * width);
    expect(pueAt(la.pue, it, siteWeather(la, at(2026, 1, 20, 10)))).toBeLessThan(la.pueMin + 0.4 * width);
  });

  it('leaves no room for weather when the band is too narrow for the load swing alone', () => {
    const c = fitPueCurve({ min: 1.1, max: 1.1 }, 100);
    expect(c.cooling).toBe(0);
    expect(pueAt(c, 50, weather(1))).toBe(1.1);
    expect(pueAt(c, 0, weather(0))).toBe(1.1);
  });
});
