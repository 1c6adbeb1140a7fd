import type { HallModel } from './buildFleetModel.ts';
import { unit } from './hash.ts';
import { RACK_INLET_SPREAD_C } from './modelConstants.ts';
import { STREAM } from './streams.ts';

/** Racks per row for the inlet gradient: row ends sit farther from the cooling units. */
const ROW = 20;

export interface RackConstants {
  /** Utilization weight in [-1, 1]. */
  weight: Float32Array;
  /** Inlet offset in °C, zero mean over the hall. */
  inlet: Float32Array;
}

/** Per-rack constants, pure functions of the seed, built once per hall and kept on its model. */
export function rackConstants(h: HallModel): RackConstants {
  if (h.rackUtilWeight && h.rackInletOffset) return { weight: h.rackUtilWeight, inlet: h.rackInletOffset };
  const weight = new Float32Array(h.racks);
  const inlet = new Float32Array(h.racks);
  let sum = 0;
  for (let j = 0; j < h.racks; j++) {
    weight[j] = 2 * unit(h.key, STREAM.rackUtilWeight, j) - 1;
    const p = (j % ROW) / (ROW - 1);
    const rowEnd = Math.abs(2 * p - 1) * 2 - 1;
    const v = RACK_INLET_SPREAD_C * (0.6 * (2 * unit(h.key, STREAM.rackInlet, j) - 1) + 0.4 * rowEnd);
    inlet[j] = v;
    sum += v;
  }
  const mean = sum / h.racks;
  for (let j = 0; j < h.racks; j++) inlet[j] = inlet[j]! - mean;
  h.rackUtilWeight = weight;
  h.rackInletOffset = inlet;
  return { weight, inlet };
}
