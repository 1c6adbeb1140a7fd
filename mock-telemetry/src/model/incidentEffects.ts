import { restartDepth } from './activeFailures.ts';
import type { IncidentSpan, SiteIncidents } from './compileIncidents.ts';
import { type CoolingSpan, coolingSeverity } from './coolingRise.ts';
import {
  COOLING_PUE_PUSH,
  COOLING_THROTTLE_AFTER_S,
  COOLING_THROTTLE_DEPTH,
  COOLING_THROTTLE_RAMP_S,
  COOLING_THROTTLE_RELEASE_S,
  RESTART_RAMP_UP_S,
  SURGE_RAMP_S,
} from './modelConstants.ts';
import { smoothstep } from './smoothstep.ts';

/** What incidents do to one hall at one second. */
export interface HallEffects {
  /** 0–1: how far a crashed job pulls training toward idle (combined with failure restarts by max). */
  crash: number;
  /** 0–1: operators' power cap; every GPU's utilization is multiplied by (1 − throttle). */
  throttle: number;
  /** 0–1: a surge moves utilization this share of the way to 100 % and schedules this share of idle GPUs. */
  boost: number;
  /** Active cooling failures (their rack-level rise is computed per rack). */
  cooling: readonly CoolingSpan[];
}

export const NO_EFFECTS: HallEffects = Object.freeze({ crash: 0, throttle: 0, boost: 0, cooling: [] });

const active = (s: IncidentSpan, sec: number) => sec >= s.startS && sec < s.untilS;

function throttleOf(span: CoolingSpan): number {
  const ramp = (s: number) => smoothstep((s - COOLING_THROTTLE_AFTER_S) / COOLING_THROTTLE_RAMP_S);
  if (span.sinceS < span.durS) return COOLING_THROTTLE_DEPTH * ramp(span.sinceS);
  const release = 1 - smoothstep((span.sinceS - span.durS) / COOLING_THROTTLE_RELEASE_S);
  return COOLING_THROTTLE_DEPTH * ramp(span.durS) * release;
}

function crashOf(s: IncidentSpan, sec: number): number {
  // The job is down from the start, then restarts at the end and warms up as after a failure restart.
  return restartDepth(sec - s.startS, s.endS + RESTART_RAMP_UP_S - sec);
}

/** The hall's effects at `sec`, with the site's surge boost (see surgeLevel) already solved. */
export function hallEffectsAt(
  site: SiteIncidents | undefined,
  hallIndex: number,
  sec: number,
  boost: number,
): HallEffects {
  if (!site) return NO_EFFECTS;
  let crash = 0;
  for (const s of site.crashes[hallIndex]!) if (active(s, sec)) crash = Math.max(crash, crashOf(s, sec));
  let throttle = 0;
  let cooling: CoolingSpan[] | undefined;
  for (const s of site.cooling[hallIndex]!) {
    if (!active(s, sec)) continue;
    const span = { sinceS: sec - s.startS, durS: s.endS - s.startS };
    throttle = Math.max(throttle, throttleOf(span));
    cooling ??= [];
    cooling.push(span);
  }
  if (crash === 0 && throttle === 0 && boost === 0 && !cooling) return NO_EFFECTS;
  return { crash, throttle, boost, cooling: cooling ?? [] };
}

/** The site's surge at `sec`: its target share of cap and how far it has ramped (0–1), if any. */
export function surgeLevel(
  site: SiteIncidents | undefined,
  sec: number,
): { pctOfCap: number; level: number } | undefined {
  if (!site) return undefined;
  let best: { pctOfCap: number; level: number } | undefined;
  for (const s of site.surges) {
    if (!active(s, sec)) continue;
    const level =
      sec < s.endS
        ? smoothstep((sec - s.startS + 1) / SURGE_RAMP_S)
        : 1 - smoothstep((sec - s.endS + 1) / SURGE_RAMP_S);
    if (level > 0 && (!best || s.pctOfCap * level > best.pctOfCap * best.level))
      best = { pctOfCap: s.pctOfCap, level };
  }
  return best;
}

/** 0–1: how far the site's PUE moves toward the top of its design band (cooling failures, surges). */
export function puePush(site: SiteIncidents | undefined, sec: number): number {
  if (!site) return 0;
  let push = surgeLevel(site, sec)?.level ?? 0;
  for (const spans of site.cooling) {
    for (const s of spans) {
      if (!active(s, sec)) continue;
      push = Math.max(
        push,
        COOLING_PUE_PUSH * coolingSeverity({ sinceS: sec - s.startS, durS: s.endS - s.startS }),
      );
    }
  }
  return push;
}
