import type { SiteModel } from './buildFleetModel.ts';
import type { SiteIncidents } from './compileIncidents.ts';
import { evalHall, type HallState } from './evalHall.ts';
import { hallEffectsAt, puePush, surgeLevel } from './incidentEffects.ts';
import { pueAt } from './sitePue.ts';
import { type SiteWeather, siteWeather } from './siteWeather.ts';

/** Every hall of a site at one second, with incidents applied, and the site's PUE. */
export interface SiteStates {
  sec: number;
  halls: HallState[];
  pue: number;
}

function evalHalls(
  site: SiteModel,
  incidents: SiteIncidents | undefined,
  sec: number,
  weather: SiteWeather,
  boost: number,
) {
  return site.halls.map((h, i) => evalHall(h, sec, weather, hallEffectsAt(incidents, i, sec, boost)));
}

const itOf = (states: readonly HallState[]) => states.reduce((a, s) => a + s.itPowerMw, 0);

/** The site's PUE for these hall states: the load- and weather-driven curve, pushed up by incidents. */
function pueOf(site: SiteModel, halls: readonly HallState[], weather: SiteWeather, push: number): number {
  const pue = pueAt(site.pue, itOf(halls), weather);
  return push > 0 ? pue + (site.pueMax - pue) * push : pue;
}

/**
 * The surge boost whose facility power meets `target`: facility power rises monotonically with the boost
 * (utilization and scheduled GPUs both grow with it, and IT × PUE grows with IT: the fixed overhead stays
 * fixed), so a few false-position steps from the bracket [0, 1] land within 0.1 % of it. A target beyond
 * what the halls can draw saturates at boost 1.
 */
function boostTo(
  site: SiteModel,
  incidents: SiteIncidents,
  sec: number,
  weather: SiteWeather,
  push: number,
  normal: HallState[],
  target: number,
): HallState[] {
  const facility = (halls: HallState[]) => itOf(halls) * pueOf(site, halls, weather, push);
  let lo = { boost: 0, mw: facility(normal), halls: normal };
  const full = evalHalls(site, incidents, sec, weather, 1);
  let hi = { boost: 1, mw: facility(full), halls: full };
  if (hi.mw <= target) return full;
  for (let step = 0; step < 4; step++) {
    const boost = lo.boost + ((target - lo.mw) * (hi.boost - lo.boost)) / (hi.mw - lo.mw);
    const halls = evalHalls(site, incidents, sec, weather, boost);
    const mw = facility(halls);
    if (Math.abs(mw - target) < 0.001 * target) return halls;
    if (mw < target) lo = { boost, mw, halls };
    else hi = { boost, mw, halls };
  }
  return lo.halls;
}

/**
 * All halls of a site at one second with its incidents applied: cooling failures and crashes per hall,
 * and a surge, which is site-wide, solved for the boost that meets its target facility power. PUE follows
 * the site's IT load and weather (sitePue.ts); cooling failures and surges push it toward the band's top.
 */
export function siteStates(site: SiteModel, incidents: SiteIncidents | undefined, sec: number): SiteStates {
  const weather = siteWeather(site, sec);
  if (!incidents) {
    const halls = evalHalls(site, undefined, sec, weather, 0);
    return { sec, halls, pue: pueOf(site, halls, weather, 0) };
  }
  const push = puePush(incidents, sec);
  let halls = evalHalls(site, incidents, sec, weather, 0);
  const surge = surgeLevel(incidents, sec);
  if (surge) {
    const normal = itOf(halls) * pueOf(site, halls, weather, push);
    const target = normal + ((surge.pctOfCap / 100) * site.config.powerCapMw - normal) * surge.level;
    if (target > normal) halls = boostTo(site, incidents, sec, weather, push, halls, target);
  }
  return { sec, halls, pue: pueOf(site, halls, weather, push) };
}
