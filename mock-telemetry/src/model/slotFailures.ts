import type { HallModel } from './buildFleetModel.ts';
import { causeIndex, FAILURE_CAUSES } from './failureCauses.ts';
import type { RawFailure } from './failureRecords.ts';
import { between, hash, unit } from './hash.ts';
import { FAILURE_SLOT_S, RESTART_S } from './modelConstants.ts';
import { poissonCount } from './poissonCount.ts';
import { STREAM } from './streams.ts';

const EMPTY: readonly RawFailure[] = [];

/**
 * Failures of one hall within one FAILURE_SLOT_S slot, sorted by time: a Poisson count at the Llama 3
 * rate, then per-failure time, cause, rack, repair and restart from their own hash streams.
 */
export function slotFailures(h: HallModel, slot: number): readonly RawFailure[] {
  const u = unit(h.key, STREAM.failureCount, slot);
  if (u < h.failureP0) return EMPTY;
  const n = poissonCount(h.failureLambdaPerSlot, u);
  const out: RawFailure[] = [];
  const slotStart = slot * FAILURE_SLOT_S;
  for (let i = 0; i < n; i++) {
    const tS = slotStart + (hash(h.key, STREAM.failureTime, slot, i) % FAILURE_SLOT_S);
    const cause = causeIndex(unit(h.key, STREAM.failureCause, slot, i));
    const [lo, hi] = FAILURE_CAUSES[cause]!.repairS;
    const repairedS = tS + Math.round(between(lo, hi, h.key, STREAM.failureRepair, slot, i));
    const rack = hash(h.key, STREAM.failureRack, slot, i) % h.racks;
    const restarts = unit(h.key, STREAM.failureRestart, slot, i) < h.restartProb;
    const restartEndS = restarts
      ? tS + Math.round(between(RESTART_S[0], RESTART_S[1], h.key, STREAM.restartDuration, slot, i))
      : 0;
    out.push({ tS, cause, rack, repairedS, restartEndS });
  }
  out.sort((a, b) => a.tS - b.tS || a.rack - b.rack);
  return out;
}
