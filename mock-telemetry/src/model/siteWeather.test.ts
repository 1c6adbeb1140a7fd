import { defaultFleet } from '@gigawatt/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFleetModel, type SiteModel } from './buildFleetModel.ts';
import { siteWeather } from './siteWeather.ts';

const sites = buildFleetModel(defaultFleet, 1);
const site = (id: string): SiteModel => sites.find((s) => s.config.id === id)!;
const at = (y: number, m: number, d: number, hourUtc: number) =>
  Math.floor(Date.UTC(y, m - 1, d, hourUtc) / 1000);

describe('siteWeather', () => {
  it('keeps heat and the cooling load between 0 and 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 946_684_800, max: 4_102_444_799 }),
        (seed, sec) => {
          for (const s of buildFleetModel(defaultFleet, seed)) {
            const w = siteWeather(s, sec);
            if (!(w.heat >= 0 && w.heat <= 1) || !Number.isFinite(w.outdoorC)) return false;
            if (!(w.coolingLoad >= 0 && w.coolingLoad <= 1)) return false;
          }
          return true;
        },
      ),
      { seed: 17, numRuns: 150 },
    );
  });

  it('runs Louisiana cooling flat out on hot humid summer afternoons, not on winter nights', () => {
    const la = site('louisiana');
    // 15:00 Central standard time = 21:00 UTC, in late July.
    const afternoons = [20, 21, 22, 23, 24, 25, 26].map((d) => siteWeather(la, at(2026, 7, d, 21)));
    const mean = afternoons.reduce((a, w) => a + w.coolingLoad, 0) / afternoons.length;
    expect(mean).toBeGreaterThan(0.9);
    for (const w of afternoons) expect(w.outdoorC).toBeGreaterThan(27);
    expect(siteWeather(la, at(2026, 1, 20, 10)).coolingLoad).toBeLessThan(0.25);
  });

  it('peaks in mid-afternoon local time and is warmer in summer than in winter', () => {
    const oh = site('ohio');
    const day = Array.from({ length: 24 }, (_, h) => siteWeather(oh, at(2026, 5, 10, h)).outdoorC);
    const warmestUtc = day.indexOf(Math.max(...day));
    // 15:00 Eastern standard time is 20:00 UTC; noise may move the maximum by a few hours.
    expect(warmestUtc).toBeGreaterThanOrEqual(17);
    expect(warmestUtc).toBeLessThanOrEqual(23);
    expect(siteWeather(oh, at(2026, 7, 20, 18)).outdoorC).toBeGreaterThan(
      siteWeather(oh, at(2026, 1, 20, 18)).outdoorC,
    );
  });
});
