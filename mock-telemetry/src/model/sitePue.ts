import { PUE_FIXED_SHARE, PUE_LOAD_HIGH, PUE_LOAD_LOW } from './modelConstants.ts';

/** A site's PUE curve: PUE = base + fixedMw / IT + cooling × weather, held inside [min, max]. */
export interface PueCurve {
  /** 1 + the overhead that scales with IT load in cold weather (conversion losses, base cooling work). */
  base: number;
  /** Overhead that does not follow the IT load (MW). */
  fixedMw: number;
  /** Extra overhead per unit of IT at the hottest weather (chillers, less effective evaporation). */
  cooling: number;
  min: number;
  max: number;
}

/**
 * Fits the curve to a design band: at PUE_LOAD_HIGH of installed IT in cold weather it gives `min`, at
 * PUE_LOAD_LOW on the hottest afternoon `max` (see modelConstants). `o` is the whole overhead at full
 * load in cold weather, PUE_FIXED_SHARE of it fixed: overhead(load) = o × (1 − f + f / load). A band too
 * narrow for the load swing alone (none of the defaults) leaves no room for weather: cooling is then 0.
 */
export function fitPueCurve(band: { min: number; max: number }, installedItMw: number): PueCurve {
  const f = PUE_FIXED_SHARE;
  const shape = (load: number) => 1 - f + f / load;
  const o = (band.min - 1) / shape(PUE_LOAD_HIGH);
  return {
    base: 1 + o * (1 - f),
    fixedMw: o * f * installedItMw,
    cooling: Math.max(0, band.max - 1 - o * shape(PUE_LOAD_LOW)),
    min: band.min,
    max: band.max,
  };
}

/**
 * PUE at a site IT load (MW) and weather (a SiteWeather; only its cooling load is read, so this module
 * needs nothing from siteWeather, which needs the site model that holds the curve).
 */
export function pueAt(curve: PueCurve, itMw: number, weather: { readonly coolingLoad: number }): number {
  if (!(itMw > 0)) return curve.max;
  const pue = curve.base + curve.fixedMw / itMw + curve.cooling * weather.coolingLoad;
  return Math.min(curve.max, Math.max(curve.min, pue));
}
