import {
  type Climate,
  designFlowLpm,
  type FleetConfig,
  type GpuModel,
  type HallConfig,
  type SiteConfig,
  type Workload,
} from '@gigawatt/shared';
import type { ActiveFailures, RawFailure } from './failureRecords.ts';
import { between, deriveKey, hash } from './hash.ts';
import {
  CHECKPOINT_DIP_S,
  CHECKPOINT_INTERVAL_S,
  COOLANT_SUPPLY_OFFSET_C,
  FAILURE_SLOT_S,
  FAILURES_PER_GPU_DAY,
  INFERENCE_AMPLITUDE,
  MIXED_TRAIN_SHARE,
  RENTAL_SLOTS,
  TRAIN_PEAK_UTIL,
  TRAIN_PERIOD_S,
  TRAIN_SWING,
} from './modelConstants.ts';
import { fitPueCurve, type PueCurve } from './sitePue.ts';
import { standardUtcOffsetS } from './standardUtcOffsetS.ts';
import { STREAM } from './streams.ts';

/** The per-hour rental answer, remembered because every second of that hour asks for it again. */
export interface RentalCache {
  hour: number;
  /** Whole racks per customer slot, in slot order. */
  racks: number[];
  /** Each slot's contract utilization level for its current epoch (0–100). */
  utilLevel: number[];
  /** Start hour of each slot's epoch, which seeds the within-epoch noise. */
  epoch: number[];
}

/** Everything about a hall that does not depend on time, derived once from the seed and the config. */
export interface HallModel {
  siteIndex: number;
  hallIndex: number;
  siteId: string;
  hallId: string;
  key: number;
  racks: number;
  gpusPerRack: number;
  total: number;
  idleW: number;
  provisionedW: number;
  rackKw: number;
  /** Rack IT power per watt of GPU power: a fully loaded rack draws exactly rackKw (CPUs, NICs, fans). */
  itPerGpuW: number;
  fullPowerMw: number;
  workload: Workload;
  rentalPropensity: number;
  /** Share of the internal (non-rented) capacity that runs training; the rest serves inference. */
  trainShare: number;
  /** Chance that a failure hits the training job and forces a restart. */
  restartProb: number;
  failureLambdaPerSlot: number;
  /** P(no failure in a slot), precomputed because almost every slot takes that early exit. */
  failureP0: number;
  trainPeriodS: number;
  trainPhaseS: number;
  trainSwing: number;
  trainPeakUtil: number;
  checkpointIntervalS: number;
  checkpointOffsetS: number;
  checkpointDipS: number;
  inferenceAmp: number;
  inletOffsetC: number;
  /** Design flow of the hall's liquid loop (L/min); 0 for an air-cooled hall, which has no loop. */
  coolantDesignLpm: number;
  /** Where this hall's CDUs hold their supply relative to the nominal setpoint (°C). */
  coolantOffsetC: number;
  /** One noise key per customer slot, so their utilization drifts independently. */
  customerNoiseKeys: number[];
  /** Lazily built per-rack constants (pure functions of the seed, so caching cannot change results). */
  rackUtilWeight: Float32Array | undefined;
  rackInletOffset: Float32Array | undefined;
  /** 0–1 per rack: how early and how far its inlet climbs when cooling fails (see coolingRise). */
  rackHeatExposure: Float32Array | undefined;
  rental: RentalCache | undefined;
  failureRing: FailureRing | undefined;
}

/**
 * Failure lists of recent slots in a ring indexed by slot mod size: consecutive queries share all but
 * the newest slot, and each entry is a pure function of its slot id, so reuse cannot change results.
 */
export interface FailureRing {
  ids: Float64Array;
  lists: (readonly RawFailure[])[];
  /** Failures that may be active during slot windowSlot (see activeFailures). */
  windowSlot: number;
  window: readonly RawFailure[];
  /** The last answer of activeFailures and the seconds [heldFrom, heldUntil) it holds for. */
  held: ActiveFailures;
  heldFrom: number;
  heldUntil: number;
}

export interface SiteModel {
  index: number;
  config: SiteConfig;
  key: number;
  climate: Climate;
  utcOffsetS: number;
  pueMin: number;
  pueMax: number;
  /** Installed IT: every hall's racks at full power (MW). */
  installedItMw: number;
  /** PUE as a function of IT load and weather, fitted to the design band. */
  pue: PueCurve;
  halls: HallModel[];
  hallById: Map<string, HallModel>;
}

function trainShareFor(workload: Workload, key: number): number {
  if (workload === 'training') return 1;
  if (workload === 'inference') return 0;
  return between(MIXED_TRAIN_SHARE[0], MIXED_TRAIN_SHARE[1], key, STREAM.trainShare);
}

function buildHall(
  seedKey: number,
  site: SiteConfig,
  siteIndex: number,
  hall: HallConfig,
  hallIndex: number,
  model: GpuModel,
) {
  const key = deriveKey(seedKey, siteIndex, hallIndex);
  const total = hall.racks * model.gpusPerRack;
  const trainShare = trainShareFor(hall.workload, key);
  const lambda = total * FAILURES_PER_GPU_DAY * (FAILURE_SLOT_S / 86_400);
  const period = between(TRAIN_PERIOD_S[0], TRAIN_PERIOD_S[1], key, STREAM.trainPeriod);
  const interval = Math.round(
    between(CHECKPOINT_INTERVAL_S[0], CHECKPOINT_INTERVAL_S[1], key, STREAM.checkpointInterval),
  );
  const h: HallModel = {
    siteIndex,
    hallIndex,
    siteId: site.id,
    hallId: hall.id,
    key,
    racks: hall.racks,
    gpusPerRack: model.gpusPerRack,
    total,
    idleW: Math.min(model.idleW, model.provisionedW),
    provisionedW: model.provisionedW,
    rackKw: model.rackKw,
    itPerGpuW: (model.rackKw * 1000) / (model.gpusPerRack * model.provisionedW),
    fullPowerMw: (hall.racks * model.rackKw) / 1000,
    workload: hall.workload,
    rentalPropensity: hall.rentalPropensity,
    trainShare,
    // A failure lands in the training job in proportion to the GPUs that job holds.
    restartProb: trainShare * (1 - hall.rentalPropensity),
    failureLambdaPerSlot: lambda,
    failureP0: Math.exp(-lambda),
    trainPeriodS: period,
    trainPhaseS: between(0, period, key, STREAM.trainPhase),
    trainSwing: between(TRAIN_SWING[0], TRAIN_SWING[1], key, STREAM.trainSwing),
    trainPeakUtil: between(TRAIN_PEAK_UTIL[0], TRAIN_PEAK_UTIL[1], key, STREAM.trainPeak),
    checkpointIntervalS: interval,
    checkpointOffsetS: Math.floor(between(0, interval, key, STREAM.checkpointOffset)),
    checkpointDipS: Math.round(between(CHECKPOINT_DIP_S[0], CHECKPOINT_DIP_S[1], key, STREAM.checkpointDip)),
    inferenceAmp: between(INFERENCE_AMPLITUDE[0], INFERENCE_AMPLITUDE[1], key, STREAM.inferenceAmp),
    inletOffsetC: between(-0.4, 0.4, key, STREAM.inletOffset),
    coolantDesignLpm: model.cooling === 'liquid' ? designFlowLpm(model, hall.racks) : 0,
    coolantOffsetC: between(-COOLANT_SUPPLY_OFFSET_C, COOLANT_SUPPLY_OFFSET_C, key, STREAM.coolantOffset),
    customerNoiseKeys: Array.from({ length: RENTAL_SLOTS }, (_, k) => hash(key, STREAM.rentalNoise, k)),
    // Declared up front so every hall object keeps one hidden class when the caches fill in.
    rackUtilWeight: undefined,
    rackInletOffset: undefined,
    rackHeatExposure: undefined,
    rental: undefined,
    failureRing: undefined,
  };
  return h;
}

/** Resolves the config into per-site and per-hall models; throws on a hall whose GPU model is unknown. */
export function buildFleetModel(fleet: FleetConfig, seed: number): SiteModel[] {
  const seedKey = deriveKey(seed);
  const models = new Map(fleet.gpuModels.map((m) => [m.id, m]));
  return fleet.sites.map((site, siteIndex) => {
    const halls = site.halls.map((hall, hallIndex) => {
      const model = models.get(hall.gpuModel);
      if (!model) throw new Error(`hall "${site.id}/${hall.id}" uses unknown GPU model "${hall.gpuModel}"`);
      return buildHall(seedKey, site, siteIndex, hall, hallIndex, model);
    });
    const installedItMw = halls.reduce((a, h) => a + h.fullPowerMw, 0);
    return {
      index: siteIndex,
      config: site,
      key: deriveKey(seedKey, siteIndex, 0xffff),
      climate: site.climate,
      utcOffsetS: standardUtcOffsetS(site.timezone),
      pueMin: site.pueDesign.min,
      pueMax: site.pueDesign.max,
      installedItMw,
      pue: fitPueCurve(site.pueDesign, installedItMw),
      halls,
      hallById: new Map(halls.map((h) => [h.hallId, h])),
    };
  });
}
