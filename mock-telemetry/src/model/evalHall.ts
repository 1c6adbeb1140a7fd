import { activeFailures } from './activeFailures.ts';
import type { HallModel } from './buildFleetModel.ts';
import { cduFault, coolantFlowLpm, coolantSupplyC } from './coolantLoop.ts';
import { type CoolingSpan, meanCoolingRise } from './coolingRise.ts';
import { unit } from './hash.ts';
import { type HallEffects, NO_EFFECTS } from './incidentEffects.ts';
import { inferenceDemand } from './inferenceDemand.ts';
import {
  INFERENCE_ALLOCATED_MEAN,
  INFERENCE_UTIL_MEAN,
  INLET_BASE_C,
  INLET_HEAT_C,
  INLET_LOAD_C,
  INLET_RANGE_C,
  TRAIN_ALLOCATED,
} from './modelConstants.ts';
import { rentalAt } from './rentalAt.ts';
import type { SiteWeather } from './siteWeather.ts';
import { STREAM } from './streams.ts';
import { trainingUtil } from './trainingUtil.ts';
import { valueNoise } from './valueNoise.ts';

/**
 * A hall at one second, with the breakdown that rack detail is built from. Rack layout in config order:
 * [training | inference | idle] over the non-rented racks, then each customer's whole racks at the end.
 */
export interface HallState {
  sec: number;
  total: number;
  failed: number;
  rented: number;
  internal: number;
  idle: number;
  training: number;
  inference: number;
  /** First rack of the rented region; racks before it are internal or idle. */
  rentedFrom: number;
  customerRacks: number[];
  /** GPUs in service per customer (their racks minus failed GPUs). */
  customerGpus: number[];
  customerUtil: number[];
  trainUtil: number;
  inferenceUtil: number;
  /** Mean over allocated (rented + internal) GPUs. */
  utilPct: number;
  itPowerMw: number;
  /** Hall inlet: the normal model plus inletRiseC, the mean rise of its racks during a cooling failure. */
  inletC: number;
  inletRiseC: number;
  /** Active cooling failures, from which each rack's own rise is computed. */
  cooling: readonly CoolingSpan[];
  /**
   * The liquid loop (liquid-cooled halls; 0 for air-cooled ones): supply (°C) and flow (L/min) at meter
   * precision, which the hall's return and every rack's return are computed from, and how far a cooling
   * failure has taken the CDUs down (0–1).
   */
  coolantSupplyC: number;
  coolantFlowLpm: number;
  coolantFault: number;
  failedRacks: number[];
  failedCounts: number[];
  /** 0–1: how far a job restart has pulled the training job down. */
  restart: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function gpuPowerW(h: HallModel, util: number): number {
  return h.idleW + ((h.provisionedW - h.idleW) * util) / 100;
}

/** Incident adjustments to a GPU class's utilization: throttled by operators, pushed up by a surge. */
function adjusted(u: number, fx: HallEffects): number {
  const throttled = u * (1 - fx.throttle);
  return throttled + (100 - throttled) * fx.boost;
}

export function evalHall(
  h: HallModel,
  sec: number,
  weather: SiteWeather,
  fx: HallEffects = NO_EFFECTS,
): HallState {
  const incident = fx !== NO_EFFECTS;
  const gpr = h.gpusPerRack;
  const rental = rentalAt(h, Math.floor(sec / 3600));
  const fail = activeFailures(h, sec);
  // Small per-second flutter shared by the whole hall, as a real 1 Hz power meter shows.
  const jitter = 1 + 0.006 * (unit(h.key, STREAM.jitter, sec) - 0.5);

  let rentedRacks = 0;
  for (const r of rental.racks) rentedRacks += r;
  const rentedFrom = h.racks - rentedRacks;

  // Failed GPUs per region: internal racks first, then each customer's range.
  const customerGpus: number[] = [];
  const customerUtil: number[] = [];
  let failedInternal = 0;
  let fi = 0;
  while (fi < fail.racks.length && fail.racks[fi]! < rentedFrom) failedInternal += fail.counts[fi++]!;
  let start = rentedFrom;
  let rented = 0;
  for (let k = 0; k < rental.racks.length; k++) {
    const end = start + rental.racks[k]!;
    let failedHere = 0;
    while (fi < fail.racks.length && fail.racks[fi]! < end) failedHere += fail.counts[fi++]!;
    const gpus = rental.racks[k]! * gpr - failedHere;
    customerGpus.push(gpus);
    rented += gpus;
    const drift = 1 + 0.04 * valueNoise(h.customerNoiseKeys[k]!, STREAM.rentalNoise, sec / 900);
    const u = clamp(rental.utilLevel[k]! * drift * jitter, 0, 100);
    customerUtil.push(incident ? adjusted(u, fx) : u);
    start = end;
  }

  const usable = rentedFrom * gpr - failedInternal;
  const allocNoise = valueNoise(h.key, STREAM.trainAlloc, sec / 21_600);
  const trainAlloc = TRAIN_ALLOCATED[0] + ((TRAIN_ALLOCATED[1] - TRAIN_ALLOCATED[0]) * (allocNoise + 1)) / 2;
  let training = Math.round(usable * h.trainShare * trainAlloc);
  let inference = 0;
  let inferenceUtil = 0;
  if (h.trainShare < 1) {
    // Inference work follows demand d; splitting it as √d GPUs × √d utilization keeps both plausible.
    const root = Math.sqrt(inferenceDemand(h, sec));
    const share = Math.min(1, INFERENCE_ALLOCATED_MEAN * root);
    inference = Math.min(usable - training, Math.round(usable * (1 - h.trainShare) * share));
    inferenceUtil = clamp(INFERENCE_UTIL_MEAN * root * jitter, 0, 100);
  }
  if (fx.boost > 0) {
    // A surge schedules idle GPUs too: onto the hall's training job, or its inference pool if it has none.
    const extra = Math.round((usable - training - inference) * fx.boost);
    if (h.trainShare > 0) training += extra;
    else inference += extra;
  }
  const internal = training + inference;
  const idle = usable - internal;
  let trainUtil =
    training > 0 ? clamp(trainingUtil(h, sec, Math.max(fail.restart, fx.crash)) * jitter, 0, 100) : 0;
  if (incident) {
    trainUtil = adjusted(trainUtil, fx);
    inferenceUtil = adjusted(inferenceUtil, fx);
  }

  let utilSum = training * trainUtil + inference * inferenceUtil;
  let powerW = training * gpuPowerW(h, trainUtil) + inference * gpuPowerW(h, inferenceUtil) + idle * h.idleW;
  for (let k = 0; k < customerGpus.length; k++) {
    utilSum += customerGpus[k]! * customerUtil[k]!;
    powerW += customerGpus[k]! * gpuPowerW(h, customerUtil[k]!);
  }
  const allocated = rented + internal;
  const itPowerMw = (powerW * h.itPerGpuW) / 1e6;
  const load = itPowerMw / h.fullPowerMw;
  const inletRiseC = fx.cooling.length > 0 ? meanCoolingRise(h, fx.cooling) : 0;
  const normalInletC = clamp(
    INLET_BASE_C +
      INLET_HEAT_C * weather.heat +
      INLET_LOAD_C * load +
      h.inletOffsetC +
      0.15 * valueNoise(h.key, STREAM.inletNoise, sec / 300),
    INLET_RANGE_C[0],
    INLET_RANGE_C[1],
  );
  const liquid = h.coolantDesignLpm > 0;
  const fault = liquid && fx.cooling.length > 0 ? cduFault(fx.cooling) : 0;
  return {
    sec,
    total: h.total,
    failed: fail.failed,
    rented,
    internal,
    idle,
    training,
    inference,
    rentedFrom,
    customerRacks: rental.racks,
    customerGpus,
    customerUtil,
    trainUtil,
    inferenceUtil,
    utilPct: allocated > 0 ? clamp(utilSum / allocated, 0, 100) : 0,
    itPowerMw,
    inletC: normalInletC + inletRiseC,
    inletRiseC,
    cooling: fx.cooling,
    coolantSupplyC: liquid ? coolantSupplyC(h, sec, weather.outdoorC, fault) : 0,
    coolantFlowLpm: liquid ? coolantFlowLpm(h, sec, fault) : 0,
    coolantFault: fault,
    failedRacks: fail.racks,
    failedCounts: fail.counts,
    restart: fail.restart,
  };
}
