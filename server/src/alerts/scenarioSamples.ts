import { type RackBlock, type SiteSample, siteSampleSchema } from '@gigawatt/shared';

/*
 * Test helpers: realistic incidents made by editing simulator output. Each result is validated with the
 * wire schema, so a scenario can never rely on input the ingest gate would refuse.
 */

const valid = (s: SiteSample): SiteSample => siteSampleSchema.parse(s);

/** Facility power at `pct` % of the cap, IT power scaled alike so PUE stays where it was. */
export function withFacilityPct(s: SiteSample, capMw: number, pct: number): SiteSample {
  const f = (capMw * pct) / 100 / s.facilityPowerMw;
  return valid({
    ...s,
    facilityPowerMw: s.facilityPowerMw * f,
    itPowerMw: s.itPowerMw * f,
    halls: s.halls.map((h) => ({ ...h, itPowerMw: h.itPowerMw * f })),
  });
}

/**
 * PUE `pue` at an unchanged facility draw (IT scaled down), so the scenario cannot also cross a power-cap
 * threshold by accident.
 */
export function withPue(s: SiteSample, pue: number): SiteSample {
  const f = s.facilityPowerMw / pue / s.itPowerMw;
  return valid({
    ...s,
    itPowerMw: s.itPowerMw * f,
    halls: s.halls.map((h) => ({ ...h, itPowerMw: h.itPowerMw * f })),
  });
}

/** `failed` GPUs at the site level, taken from idle ones so the counts still add up. */
export function withFailed(s: SiteSample, failed: number): SiteSample {
  const g = s.gpus;
  return valid({ ...s, gpus: { ...g, failed, idle: g.idle - (failed - g.failed) } });
}

export function withHallUtil(s: SiteSample, hall: string, util: number): SiteSample {
  return valid({ ...s, halls: s.halls.map((h) => (h.hall === hall ? { ...h, gpuUtilPct: util } : h)) });
}

export function withSiteUtil(s: SiteSample, util: number): SiteSample {
  return valid({ ...s, gpuUtilPct: util, halls: s.halls.map((h) => ({ ...h, gpuUtilPct: util })) });
}

export function withRackInlets(b: RackBlock, temps: Readonly<Record<number, number>>): RackBlock {
  const inletTempC = Float32Array.from(b.inletTempC);
  for (const [rack, c] of Object.entries(temps)) inletTempC[Number(rack)] = c;
  return { ...b, inletTempC };
}

export function at(s: SiteSample, t: number): SiteSample {
  return { ...s, t, seq: Math.floor(t / 1000) };
}
