import type { HallModel, RentalCache } from './buildFleetModel.ts';
import { between, hash, unit } from './hash.ts';
import {
  RENTAL_ACTIVE_PROB,
  RENTAL_GRID_H,
  RENTAL_MAX_SHARE,
  RENTAL_MIN_EPOCH_H,
  RENTAL_SLOTS,
  RENTER_UTIL,
} from './modelConstants.ts';
import { STREAM } from './streams.ts';

/**
 * Start hour of the contract epoch that contains `hour` for one customer slot. Cell i of the slot's
 * grid holds exactly one turnover, at i·L + offset(i) with offset < L − RENTAL_MIN_EPOCH_H, so the
 * epoch starts at this cell's turnover if it has passed, else at the previous cell's.
 */
function epochStart(h: HallModel, slot: number, hour: number): number {
  const cell = Math.round(between(RENTAL_GRID_H[0], RENTAL_GRID_H[1], h.key, STREAM.rentalPhase, slot));
  const span = cell - RENTAL_MIN_EPOCH_H + 1;
  const i = Math.floor(hour / cell);
  const here = i * cell + (hash(h.key, STREAM.rentalBoundary, slot, i) % span);
  return hour >= here ? here : (i - 1) * cell + (hash(h.key, STREAM.rentalBoundary, slot, i - 1) % span);
}

/**
 * Whole racks rented by each customer slot during `hour`. Slot sizes are drawn so that the expected rented
 * share equals the hall's rentalPropensity (an active slot holds propensity / (slots × P(active)) × U(0.5,
 * 1.5) of the hall), then capped so the hall is never rented out entirely.
 */
export function rentalAt(h: HallModel, hour: number): RentalCache {
  const cached = h.rental;
  if (cached && cached.hour === hour) return cached;
  const shares: number[] = [];
  const utilLevel: number[] = [];
  const epoch: number[] = [];
  let sum = 0;
  const meanActiveSize = h.rentalPropensity / (RENTAL_SLOTS * RENTAL_ACTIVE_PROB);
  for (let k = 0; k < RENTAL_SLOTS; k++) {
    const e = epochStart(h, k, hour);
    const active = unit(h.key, STREAM.rentalActive, k, e) < RENTAL_ACTIVE_PROB;
    const share = active ? meanActiveSize * between(0.5, 1.5, h.key, STREAM.rentalSize, k, e) : 0;
    shares.push(share);
    utilLevel.push(between(RENTER_UTIL[0], RENTER_UTIL[1], h.key, STREAM.rentalUtil, k, e));
    epoch.push(e);
    sum += share;
  }
  const scale = sum > RENTAL_MAX_SHARE ? RENTAL_MAX_SHARE / sum : 1;
  // Cumulative rounding keeps the total exactly round(sum × racks) while giving each customer whole racks.
  const racks: number[] = [];
  let cum = 0;
  let prevRacks = 0;
  for (const s of shares) {
    cum += s * scale;
    const upTo = Math.min(h.racks, Math.round(cum * h.racks));
    racks.push(upTo - prevRacks);
    prevRacks = upTo;
  }
  const value: RentalCache = { hour, racks, utilLevel, epoch };
  h.rental = value;
  return value;
}
