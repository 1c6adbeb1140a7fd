import { defaultFleet, type GpuCounts, type SiteSample } from '@gigawatt/shared';
import fc from 'fast-check';

/** Test data: random but valid site samples of the default fleet (halls sum to the site). */
const countsArb = fc.tuple(fc.nat(30_000), fc.nat(30_000), fc.nat(30_000), fc.nat(300)).map(
  ([rented, internal, idle, failed]): GpuCounts => ({
    total: rented + internal + idle + failed,
    rented,
    internal,
    idle,
    failed,
  }),
);

export const siteSampleArb = (siteIndex: number, t = 1_800_000_000_000): fc.Arbitrary<SiteSample> => {
  const site = defaultFleet.sites[siteIndex]!;
  return fc
    .record({
      hallCounts: fc.array(countsArb, { minLength: site.halls.length, maxLength: site.halls.length }),
      util: fc.double({ min: 0, max: 100, noNaN: true }),
      it: fc.double({ min: 1, max: 1000, noNaN: true }),
      pue: fc.double({ min: 1, max: 1.5, noNaN: true }),
    })
    .map(({ hallCounts, util, it, pue }): SiteSample => {
      const gpus = hallCounts.reduce(
        (a, g) => ({
          total: a.total + g.total,
          rented: a.rented + g.rented,
          internal: a.internal + g.internal,
          idle: a.idle + g.idle,
          failed: a.failed + g.failed,
        }),
        { total: 0, rented: 0, internal: 0, idle: 0, failed: 0 },
      );
      return {
        site: site.id,
        t,
        seq: 1,
        facilityPowerMw: it * pue,
        itPowerMw: it,
        gpus,
        gpuUtilPct: util,
        inletTempC: 25,
        halls: site.halls.map((h, i) => ({
          hall: h.id,
          itPowerMw: it / site.halls.length,
          gpus: hallCounts[i]!,
          gpuUtilPct: util,
          inletTempC: 25,
        })),
      };
    });
};

export const fleetSamplesArb = (t?: number): fc.Arbitrary<SiteSample[]> =>
  fc.tuple(...defaultFleet.sites.map((_, i) => siteSampleArb(i, t)));
