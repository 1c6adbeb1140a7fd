import { COOLANT } from '@gigawatt/shared';
import type { HallModel } from './buildFleetModel.ts';
import { type CoolingSpan, coolingSeverity, rackHeatExposure } from './coolingRise.ts';
import {
  CDU_FAULT_FLOW_FLOOR,
  CDU_FAULT_FLOW_SKEW,
  CDU_FAULT_SUPPLY_RISE_C,
  COOLANT_DRY_COOLER_LIMIT_C,
  COOLANT_FLOW_NOISE,
  COOLANT_FLOW_NOISE_PERIOD_S,
  COOLANT_SUPPLY_DRIFT_MAX_C,
  COOLANT_SUPPLY_DRIFT_PER_C,
  COOLANT_SUPPLY_NOISE_C,
  COOLANT_SUPPLY_NOISE_PERIOD_S,
} from './modelConstants.ts';
import { STREAM } from './streams.ts';
import { valueNoise } from './valueNoise.ts';

/** 0–1: how far a liquid hall's CDUs have failed (the worst of its cooling failures); 0 with none. */
export function cduFault(spans: readonly CoolingSpan[]): number {
  let fault = 0;
  for (const s of spans) fault = Math.max(fault, coolingSeverity(s));
  return fault;
}

/**
 * The loop's supply (°C) at meter precision (0.01 °C): the setpoint with the hall's offset, a drift on
 * afternoons too hot for the dry coolers, slow control noise, and a CDU fault's rise.
 */
export function coolantSupplyC(h: HallModel, sec: number, outdoorC: number, fault: number): number {
  const drift = Math.min(
    COOLANT_SUPPLY_DRIFT_MAX_C,
    COOLANT_SUPPLY_DRIFT_PER_C * Math.max(0, outdoorC - COOLANT_DRY_COOLER_LIMIT_C),
  );
  const noise =
    COOLANT_SUPPLY_NOISE_C *
    valueNoise(h.key, STREAM.coolantSupplyNoise, sec / COOLANT_SUPPLY_NOISE_PERIOD_S);
  const v = COOLANT.supplySetpointC + h.coolantOffsetC + drift + noise + CDU_FAULT_SUPPLY_RISE_C * fault;
  return Math.round(v * 100) / 100;
}

/** The loop's flow (L/min, whole litres as a flow meter reports): design flow, cut by a CDU fault. */
export function coolantFlowLpm(h: HallModel, sec: number, fault: number): number {
  const noise =
    1 + COOLANT_FLOW_NOISE * valueNoise(h.key, STREAM.coolantFlowNoise, sec / COOLANT_FLOW_NOISE_PERIOD_S);
  return Math.round(h.coolantDesignLpm * noise * (1 - (1 - CDU_FAULT_FLOW_FLOOR) * fault));
}

/** Mean of the hall's rack exposures (see rackHeatExposure), around which a fault skews rack flows. */
export function meanExposure(h: HallModel): number {
  const exposure = rackHeatExposure(h);
  let sum = 0;
  for (let j = 0; j < exposure.length; j++) sum += exposure[j]!;
  return sum / exposure.length;
}

/**
 * Rack flow over the hall's mean rack flow: 1 with no fault; in a CDU fault the most exposed racks, at
 * the ends of the manifolds, lose the most as the pressure drops. Over the hall the weights average
 * exactly 1 (exposure minus its mean sums to 0), so the racks' flows still add up to the hall's, and they
 * stay positive (≥ 1 − CDU_FAULT_FLOW_SKEW, as exposure is 0–1).
 */
export function rackFlowWeight(fault: number, exposureMean: number, exposure: number): number {
  return 1 + CDU_FAULT_FLOW_SKEW * fault * (exposureMean - exposure);
}

/** Every rack's flow weight (rackFlowWeight), for checks; the simulator computes them inline. */
export function rackFlowWeights(h: HallModel, fault: number): Float64Array {
  const exposure = rackHeatExposure(h);
  const mean = meanExposure(h);
  return Float64Array.from(exposure, (e) => rackFlowWeight(fault, mean, e));
}
