import type { HallModel } from './buildFleetModel.ts';
import {
  COOLING_DELAY_SPREAD_S,
  COOLING_HEAT_S,
  COOLING_RECOVERY_S,
  COOLING_RISE_C,
} from './modelConstants.ts';
import { rackConstants } from './rackConstants.ts';
import { smoothstep } from './smoothstep.ts';

/** A cooling failure seen from one second: how long ago it began and how long the fault lasts (s). */
export interface CoolingSpan {
  sinceS: number;
  durS: number;
}

/**
 * Per rack, 0–1: how exposed it is to a loss of cooling. The racks that already run hottest (row ends,
 * hot spots: the highest inlet offsets) are the first to heat and heat most.
 */
export function rackHeatExposure(h: HallModel): Float32Array {
  if (h.rackHeatExposure) return h.rackHeatExposure;
  const { inlet } = rackConstants(h);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of inlet) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const out = new Float32Array(h.racks);
  for (let j = 0; j < h.racks; j++) out[j] = hi > lo ? (inlet[j]! - lo) / (hi - lo) : 1;
  h.rackHeatExposure = out;
  return out;
}

function heating(exposure: number, sinceS: number): number {
  const peak = COOLING_RISE_C[0] + (COOLING_RISE_C[1] - COOLING_RISE_C[0]) * exposure;
  const delay = (1 - exposure) * COOLING_DELAY_SPREAD_S;
  return peak * smoothstep((sinceS - delay) / COOLING_HEAT_S);
}

/** °C a rack's inlet sits above normal: climbing while the fault lasts, then falling back. */
export function rackCoolingRise(exposure: number, span: CoolingSpan): number {
  if (span.sinceS < 0) return 0;
  if (span.sinceS < span.durS) return heating(exposure, span.sinceS);
  return heating(exposure, span.durS) * (1 - smoothstep((span.sinceS - span.durS) / COOLING_RECOVERY_S));
}

/** The largest rise of any of the hall's active cooling failures, for rack j. */
export function rackRiseOf(exposure: number, spans: readonly CoolingSpan[]): number {
  let rise = 0;
  for (const s of spans) rise = Math.max(rise, rackCoolingRise(exposure, s));
  return rise;
}

/** Mean rise over the hall's racks: the hall's inlet moves exactly as much as its racks do on average. */
export function meanCoolingRise(h: HallModel, spans: readonly CoolingSpan[]): number {
  if (spans.length === 0) return 0;
  const exposure = rackHeatExposure(h);
  let sum = 0;
  for (let j = 0; j < exposure.length; j++) sum += rackRiseOf(exposure[j]!, spans);
  return sum / exposure.length;
}

/** 0–1: how hard the site's remaining cooling works for this failure (drives its PUE). */
export function coolingSeverity(span: CoolingSpan): number {
  const full = COOLING_DELAY_SPREAD_S + COOLING_HEAT_S;
  if (span.sinceS < 0) return 0;
  if (span.sinceS < span.durS) return smoothstep(span.sinceS / full);
  return smoothstep(span.durS / full) * (1 - smoothstep((span.sinceS - span.durS) / COOLING_RECOVERY_S));
}
