import type { HallModel } from './buildFleetModel.ts';
import {
  CHECKPOINT_UTIL_RATIO,
  RESTART_UTIL,
  TRAIN_DUTY_OFFSET,
  TRAIN_THROUGHPUT_VARIATION,
} from './modelConstants.ts';
import { STREAM } from './streams.ts';
import { valueNoise } from './valueNoise.ts';

/** Sharpness of the square wave: tanh(4·sin) is flat at the extremes with short, smooth edges. */
const SQUARE_K = 4;
const WAVE_MAX = Math.tanh(SQUARE_K * (1 + TRAIN_DUTY_OFFSET));
const WAVE_MIN = Math.tanh(SQUARE_K * (-1 + TRAIN_DUTY_OFFSET));
const RAMP_DOWN_S = 4;
const RAMP_UP_S = 6;

/** 0 outside a checkpoint, rising to 1 within a few seconds of its start and back before its end. */
export function checkpointDepth(h: HallModel, sec: number): number {
  const pos =
    (((sec + h.checkpointOffsetS) % h.checkpointIntervalS) + h.checkpointIntervalS) % h.checkpointIntervalS;
  if (pos >= h.checkpointDipS) return 0;
  return Math.min(1, (pos + 1) / RAMP_DOWN_S, (h.checkpointDipS - pos) / RAMP_UP_S);
}

/** Square-ish wave in [-1, 1]: +1 in the compute phase, −1 while GPUs wait on the collective. */
export function trainingWave(h: HallModel, sec: number): number {
  const phase =
    ((((sec % h.trainPeriodS) + h.trainPhaseS) % h.trainPeriodS) + h.trainPeriodS) % h.trainPeriodS;
  const raw = Math.tanh(SQUARE_K * (Math.sin((2 * Math.PI * phase) / h.trainPeriodS) + TRAIN_DUTY_OFFSET));
  return (2 * (raw - WAVE_MIN)) / (WAVE_MAX - WAVE_MIN) - 1;
}

/**
 * Utilization (0–100) of the GPUs in a hall's synchronous training job: a square wave between the peak
 * and peak × (1 − swing), slow ±1–2 % throughput drift, checkpoint dips and restarts toward idle.
 */
export function trainingUtil(h: HallModel, sec: number, restart: number): number {
  const peak =
    h.trainPeakUtil * (1 + TRAIN_THROUGHPUT_VARIATION * valueNoise(h.key, STREAM.throughput, sec / 600));
  const wave = peak * (1 - (h.trainSwing * (1 - trainingWave(h, sec))) / 2);
  const dip = checkpointDepth(h, sec);
  // During a checkpoint the collectives stop, so the wave flattens as power falls.
  let u = wave + (peak * CHECKPOINT_UTIL_RATIO - wave) * dip;
  if (restart > 0) u += (RESTART_UTIL - u) * restart;
  return Math.min(100, Math.max(0, u));
}
