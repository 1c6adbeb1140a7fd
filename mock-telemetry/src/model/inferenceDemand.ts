import type { HallModel } from './buildFleetModel.ts';
import {
  DAY_S,
  INFERENCE_PEAK_HOUR_ET,
  INFERENCE_WEEKEND_FACTOR,
  US_EASTERN_OFFSET_H,
} from './modelConstants.ts';
import { STREAM } from './streams.ts';
import { valueNoise } from './valueNoise.ts';

/** Hours either side of midnight over which traffic eases between weekday and weekend levels. */
const WEEKEND_BLEND_H = 3;

function dayLevel(day: number): number {
  // 1970-01-01 was a Thursday, so (day + 4) mod 7 is 0 on Sundays.
  const dow = (((day + 4) % 7) + 7) % 7;
  return dow === 0 || dow === 6 ? INFERENCE_WEEKEND_FACTOR : 1;
}

/** 1 on weekdays, INFERENCE_WEEKEND_FACTOR on Saturday and Sunday (US-Eastern), eased across midnight. */
export function weekdayFactor(sec: number): number {
  const local = sec + US_EASTERN_OFFSET_H * 3600;
  const day = Math.floor(local / DAY_S);
  const hour = (local - day * DAY_S) / 3600;
  const here = dayLevel(day);
  if (hour < WEEKEND_BLEND_H) {
    const w = 0.5 + (0.5 * hour) / WEEKEND_BLEND_H;
    return here * w + dayLevel(day - 1) * (1 - w);
  }
  if (hour > 24 - WEEKEND_BLEND_H) {
    const w = 0.5 + (0.5 * (24 - hour)) / WEEKEND_BLEND_H;
    return here * w + dayLevel(day + 1) * (1 - w);
  }
  return here;
}

/** Cosine day curve in [-1, 1], peaking at INFERENCE_PEAK_HOUR_ET US-Eastern. */
export function dayCurve(sec: number): number {
  const hourEt = (((sec / 3600 + US_EASTERN_OFFSET_H) % 24) + 24) % 24;
  return Math.cos((2 * Math.PI * (hourEt - INFERENCE_PEAK_HOUR_ET)) / 24);
}

/**
 * Relative inference demand around 1: (1 + amplitude × day curve) × weekday factor × ±2 % noise. The caller
 * splits it between allocated GPUs and their utilization (√d each), so GPU work follows d itself.
 */
export function inferenceDemand(h: HallModel, sec: number): number {
  const noise = 1 + 0.02 * valueNoise(h.key, STREAM.inferenceNoise, sec / 1800);
  return (1 + h.inferenceAmp * dayCurve(sec)) * weekdayFactor(sec) * noise;
}
