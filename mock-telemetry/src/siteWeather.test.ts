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
  it('keeps PUE inside every site design band', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 946_684_800, max: 4_102_444_799 }),
        (seed, sec) => {
          for (const s of buildFleetModel(defaultFleet, seed)) {
            const w = siteWeather(s, sec);
            if (w.pue < s.pueMin || w.pue > s.pueMax) return false;
            if (!(w.heat >= 0 && w.heat <= 1) || !Number.isFinite(w.outdoorC)) return false;
          }
          return true;
        },
      ),
      { seed: 17, numRuns: 150 },
    );
  });

  it('pushes Louisiana to the top of its band on hot humid summer afternoons', () => {
    const la = site('louisiana');
    // 15:00 Central standard time = 21:00 UTC, in late July.
    const afternoons = [20, 21, 22, 23, 24, 25, 26].map((d) => siteWeather(la, at(2026, 7, d, 21)));
    const meanPue = afternoons.reduce((a, w) => a + w.pue, 0) / afternoons.length;
    expect(meanPue).toBeGreaterThan(la.pueMax - 0.1 * (la.pueMax - la.pueMin));
    for (const w of afternoons) expect(w.outdoorC).toBeGreaterThan(27);
    const winterNight = siteWeather(la, at(2026, 1, 20, 10));
    expect(winterNight.pue).toBeLessThan(la.pueMin + 0.25 * (la.pueMax - la.pueMin));
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
