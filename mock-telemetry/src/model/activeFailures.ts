import type { HallModel } from './buildFleetModel.ts';
import type { ActiveFailures, RawFailure } from './failureRecords.ts';
import { FAILURE_SLOT_S, MAX_REPAIR_S, RESTART_DROP_S, RESTART_RAMP_UP_S } from './modelConstants.ts';
import { slotFailures } from './slotFailures.ts';

/** Only slots this recent can hold a failure that is still unrepaired (repairs end before MAX_REPAIR_S). */
export const LOOKBACK_SLOTS = Math.ceil(MAX_REPAIR_S / FAILURE_SLOT_S);

/** Restart profile: power drops after detection, stays near idle, then ramps back as the job warms up. */
export function restartDepth(sinceS: number, untilEndS: number): number {
  const down = Math.min(1, (sinceS + 1) / RESTART_DROP_S);
  const up = Math.min(1, untilEndS / RESTART_RAMP_UP_S);
  return Math.min(down, up);
}

const RING = LOOKBACK_SLOTS + 1;
const NO_FAILURES: readonly RawFailure[] = [];
/** Shared by every second without failures (most of them); readers never mutate it. */
const NONE: ActiveFailures = Object.freeze({ racks: [], counts: [], failed: 0, restart: 0 });

/**
 * The failures that can be active at some second of `slot`: those of the look-back slots not yet repaired
 * or restarted by the slot's start, in time order. Rebuilt once per slot (every 10 minutes), so a second
 * scans a handful of failures instead of 49 slot lists; dropping only failures that are over before the
 * slot begins cannot change any result.
 */
function failureWindow(h: HallModel, slot: number): readonly RawFailure[] {
  let ring = h.failureRing;
  if (!ring) {
    ring = {
      ids: new Float64Array(RING).fill(Number.NaN),
      lists: new Array(RING).fill(NO_FAILURES),
      windowSlot: Number.NaN,
      window: NO_FAILURES,
      held: NONE,
      heldFrom: 0,
      heldUntil: 0,
    };
    h.failureRing = ring;
  }
  if (ring.windowSlot === slot) return ring.window;
  const slotStart = slot * FAILURE_SLOT_S;
  const window: RawFailure[] = [];
  for (let s = slot - LOOKBACK_SLOTS; s <= slot; s++) {
    const idx = ((s % RING) + RING) % RING;
    if (ring.ids[idx] !== s) {
      ring.lists[idx] = slotFailures(h, s);
      ring.ids[idx] = s;
    }
    for (const f of ring.lists[idx]!)
      if (f.repairedS > slotStart || f.restartEndS > slotStart) window.push(f);
  }
  ring.windowSlot = slot;
  ring.window = window;
  return window;
}

/**
 * Between failure, repair and restart events the answer does not change, and a stepping producer asks
 * for every second: the last answer is kept on the hall with the interval it holds for. It is a pure
 * function of the second, so reuse cannot change results; answers during a restart ramp change every
 * second and are not kept.
 */
export function activeFailures(h: HallModel, sec: number): ActiveFailures {
  const slot = Math.floor(sec / FAILURE_SLOT_S);
  const window = failureWindow(h, slot);
  const ring = h.failureRing!;
  if (sec >= ring.heldFrom && sec < ring.heldUntil) return ring.held;
  let hits: number[] | undefined;
  let restart = 0;
  let next = (slot + 1) * FAILURE_SLOT_S;
  for (const f of window) {
    if (f.tS > sec) {
      next = Math.min(next, f.tS);
      break;
    }
    if (sec < f.repairedS) {
      hits ??= [];
      hits.push(f.rack);
      next = Math.min(next, f.repairedS);
    }
    if (sec < f.restartEndS) restart = Math.max(restart, restartDepth(sec - f.tS, f.restartEndS - sec));
  }
  const result = hits ? collect(h, hits, restart) : restart === 0 ? NONE : { ...NONE, restart };
  if (restart === 0) {
    ring.held = result;
    ring.heldFrom = sec;
    ring.heldUntil = next;
  }
  return result;
}

function collect(h: HallModel, hits: number[], restart: number): ActiveFailures {
  const racks: number[] = [];
  const counts: number[] = [];
  let failed = 0;
  hits.sort((a, b) => a - b);
  for (const r of hits) {
    const last = racks.length - 1;
    if (last >= 0 && racks[last] === r) {
      if (counts[last]! < h.gpusPerRack) {
        counts[last] = counts[last]! + 1;
        failed++;
      }
    } else {
      racks.push(r);
      counts.push(1);
      failed++;
    }
  }
  return { racks, counts, failed, restart };
}
