import { COOLANT, coolantReturnC, type RackBlock } from '@gigawatt/shared';
import type { HallModel } from './buildFleetModel.ts';
import { meanExposure, rackFlowWeight } from './coolantLoop.ts';
import { rackHeatExposure, rackRiseOf } from './coolingRise.ts';
import { gpuPowerW, type HallState } from './evalHall.ts';
import { INLET_LOAD_C, INLET_RANGE_C, RACK_UTIL_SPREAD } from './modelConstants.ts';
import { rackConstants } from './rackConstants.ts';

/**
 * Placement scratch, reused across calls: it is fully rewritten before it is read, so sharing it cannot
 * change any result, and it spares the collector ~18k-rack allocations every second.
 */
let scratch = {
  train: new Int32Array(0),
  infer: new Int32Array(0),
  cust: new Int32Array(0),
  custOf: new Int8Array(0),
};
function scratchFor(n: number) {
  if (scratch.train.length < n) {
    scratch = {
      train: new Int32Array(n),
      infer: new Int32Array(n),
      cust: new Int32Array(n),
      custOf: new Int8Array(n),
    };
  }
  return scratch;
}

/**
 * Spread a class's utilization over its racks with the per-rack weights, but never past 100 %:
 * with normalisation the largest rack value is u·(1+k)/(1−k), which k ≤ (100−u)/(100+u) keeps ≤ 100.
 */
function spreadFor(u: number): number {
  return u > 0 ? Math.min(RACK_UTIL_SPREAD, (0.9 * (100 - u)) / (100 + u)) : 0;
}

/**
 * Decomposes a hall state into racks. Per class (training, inference, each customer) the per-rack
 * utilizations are normalised so their GPU-weighted mean is exactly the hall's, and power is linear in
 * utilization, so the racks sum to the hall's IT power and mean utilization (up to float32 rounding).
 * `allocatedOut`, when given, receives each rack's allocated GPUs (for checking that mean).
 */
export function hallRacks(h: HallModel, s: HallState, t: number, allocatedOut?: Int32Array): RackBlock {
  const n = h.racks;
  const gpr = h.gpusPerRack;
  const { weight, inlet } = rackConstants(h);
  const { train: nTrain, infer: nInfer, cust: nCust, custOf } = scratchFor(n);
  const customers = s.customerRacks.length;
  const kTrain = spreadFor(s.trainUtil);
  const kInfer = spreadFor(s.inferenceUtil);
  const kCust = s.customerUtil.map(spreadFor);
  let accTrain = 0;
  let accInfer = 0;
  const accCust = new Array<number>(customers).fill(0);

  // Pass 1: place GPUs (greedy fill in rack order) and accumulate each class's weighted GPU count.
  let remTrain = s.training;
  let remInfer = s.inference;
  let fi = 0;
  let k = 0;
  let custEnd = s.rentedFrom + (s.customerRacks[0] ?? 0);
  for (let j = 0; j < n; j++) {
    let failed = 0;
    if (fi < s.failedRacks.length && s.failedRacks[fi] === j) failed = s.failedCounts[fi++]!;
    const usable = gpr - failed;
    const w = weight[j]!;
    if (j < s.rentedFrom) {
      const a = Math.min(usable, remTrain);
      remTrain -= a;
      const b = Math.min(usable - a, remInfer);
      remInfer -= b;
      nTrain[j] = a;
      nInfer[j] = b;
      custOf[j] = -1;
      accTrain += a * (1 + kTrain * w);
      accInfer += b * (1 + kInfer * w);
    } else {
      while (j >= custEnd && k < customers - 1) custEnd += s.customerRacks[++k] ?? 0;
      custOf[j] = k;
      nCust[j] = usable;
      accCust[k] = accCust[k]! + usable * (1 + kCust[k]! * w);
    }
  }
  const normTrain = s.training > 0 ? accTrain / s.training : 1;
  const normInfer = s.inference > 0 ? accInfer / s.inference : 1;
  const normCust = accCust.map((a, i) => (s.customerGpus[i]! > 0 ? a / s.customerGpus[i]! : 1));

  // Pass 2: values. Inlet follows each rack's load relative to the hall's.
  const powerKw = new Float32Array(n);
  const utilPct = new Float32Array(n);
  const inletTempC = new Float32Array(n);
  const hallLoad = s.itPowerMw / h.fullPowerMw;
  // A cooling failure adds each rack's own rise on top of the normal envelope (whose mean is the hall's).
  const normalInletC = s.inletC - s.inletRiseC;
  const exposure = s.cooling.length > 0 ? rackHeatExposure(h) : undefined;
  const toKw = h.itPerGpuW / 1000;
  // Liquid loop: each rack's share of the heat (liquidHeatShare of its IT power) warms its share of the
  // flow, the hall's flow over its racks (skewed toward the least exposed racks in a CDU fault). So the
  // flow-weighted mean of the rack returns is the hall's return: the CDU sees the racks' streams mixed.
  const liquid = h.coolantDesignLpm > 0;
  const coolantOut = liquid ? new Float32Array(n) : undefined;
  const supplyC = s.coolantSupplyC;
  // Return rise per kW of rack IT power at the mean rack flow (linear in heat: the shared formula at 1 kW).
  const risePerKw = liquid ? coolantReturnC(0, COOLANT.liquidHeatShare, s.coolantFlowLpm / n) : 0;
  const fault = exposure ? s.coolantFault : 0;
  const exposureMean = fault > 0 ? meanExposure(h) : 0;
  fi = 0;
  for (let j = 0; j < n; j++) {
    let failed = 0;
    if (fi < s.failedRacks.length && s.failedRacks[fi] === j) failed = s.failedCounts[fi++]!;
    const w = weight[j]!;
    let alloc: number;
    let utilSum: number;
    let watts: number;
    const c = custOf[j]!;
    if (c < 0) {
      const a = nTrain[j]!;
      const b = nInfer[j]!;
      const ut = a > 0 ? Math.min(100, (s.trainUtil * (1 + kTrain * w)) / normTrain) : 0;
      const ui = b > 0 ? Math.min(100, (s.inferenceUtil * (1 + kInfer * w)) / normInfer) : 0;
      alloc = a + b;
      utilSum = a * ut + b * ui;
      watts = a * gpuPowerW(h, ut) + b * gpuPowerW(h, ui) + (gpr - failed - a - b) * h.idleW;
    } else {
      const m = nCust[j]!;
      const uc = m > 0 ? Math.min(100, (s.customerUtil[c]! * (1 + kCust[c]! * w)) / normCust[c]!) : 0;
      alloc = m;
      utilSum = m * uc;
      watts = m * gpuPowerW(h, uc);
    }
    const kw = watts * toKw;
    powerKw[j] = kw;
    utilPct[j] = alloc > 0 ? utilSum / alloc : 0;
    if (allocatedOut) allocatedOut[j] = alloc;
    const temp = normalInletC + inlet[j]! + INLET_LOAD_C * (kw / h.rackKw - hallLoad);
    inletTempC[j] = Math.min(INLET_RANGE_C[1], Math.max(INLET_RANGE_C[0], temp));
    if (exposure) inletTempC[j] = inletTempC[j]! + rackRiseOf(exposure[j]!, s.cooling);
    if (coolantOut) {
      const rise = kw * risePerKw;
      coolantOut[j] =
        supplyC + (fault > 0 ? rise / rackFlowWeight(fault, exposureMean, exposure![j]!) : rise);
    }
  }
  const block: RackBlock = { site: h.siteId, hall: h.hallId, t, powerKw, utilPct, inletTempC };
  if (coolantOut) block.coolantReturnC = coolantOut;
  return block;
}
