import type { SiteModel } from './buildFleetModel.ts';
import { unit } from './hash.ts';
import {
  FRONT_C,
  FRONT_PERIOD_S,
  HUMID_GAIN,
  HUMID_ONSET_C,
  PUE_COOL_C,
  PUE_HOT_C,
  WARMEST_HOUR_LOCAL,
  WARMEST_YEAR_FRACTION,
  WOBBLE_C,
  WOBBLE_PERIOD_S,
} from './modelConstants.ts';
import { STREAM } from './streams.ts';
import { valueNoise } from './valueNoise.ts';

export interface SiteWeather {
  outdoorC: number;
  /** 0 (free cooling) … 1 (chillers flat out), after humidity. */
  heat: number;
  /** heat with the cooling plant's per-minute flutter (fans, pumps staging): what PUE follows (0–1). */
  coolingLoad: number;
}

const YEAR_S = 365.2425 * 86_400;

const smoothstep = (x: number) => {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
};

export function siteWeather(site: SiteModel, sec: number): SiteWeather {
  const c = site.climate;
  const yearFrac = sec / YEAR_S - Math.floor(sec / YEAR_S);
  const localHour = ((((sec + site.utcOffsetS) / 3600) % 24) + 24) % 24;
  const outdoorC =
    c.annualMeanC +
    c.annualAmpC * Math.cos(2 * Math.PI * (yearFrac - WARMEST_YEAR_FRACTION)) +
    c.dailyAmpC * Math.cos((2 * Math.PI * (localHour - WARMEST_HOUR_LOCAL)) / 24) +
    FRONT_C * valueNoise(site.key, STREAM.weatherFront, sec / FRONT_PERIOD_S) +
    WOBBLE_C * valueNoise(site.key, STREAM.weatherWobble, sec / WOBBLE_PERIOD_S);
  // Humid air limits evaporative and economizer cooling, so the effective temperature runs hotter.
  const effectiveC = outdoorC + c.humidity * HUMID_GAIN * Math.max(0, outdoorC - HUMID_ONSET_C);
  const heat = smoothstep((effectiveC - PUE_COOL_C) / (PUE_HOT_C - PUE_COOL_C));
  // A little per-minute flutter (fans, pumps staging); the PUE curve keeps it inside the design band.
  const flutter = 0.03 * (unit(site.key, STREAM.pueNoise, Math.floor(sec / 60)) - 0.5);
  const coolingLoad = Math.min(1, Math.max(0, heat + flutter));
  return { outdoorC, heat, coolingLoad };
}
