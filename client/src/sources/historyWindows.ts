/** What historyWindows needs of an MCAP chunk index (times in ns, as in the file). */
export interface ChunkSpan {
  messageStartTime: bigint;
  messageEndTime: bigint;
  /** Channel id → offset of its message index; says which channels the chunk holds. */
  messageIndexOffsets: ReadonlyMap<number, bigint>;
}

/**
 * Chunks a history query may read before it samples instead. A 15-minute chart window of a hall-level
 * recording is ~30 chunks (read whole, exact); a day is ~2,500 chunks and ~130 MB, which a chart must
 * not pull over the network and parse: beyond the budget, evenly spaced chunks stand for the rest.
 */
export const HISTORY_CHUNK_BUDGET = 150;

const NS_PER_MS = 1_000_000n;

/**
 * The time windows (ms, inclusive) a history query over [from, to] reads: the whole range when the
 * chunks holding `channels` there are within `budget`, else the spans of `budget` chunks spread evenly
 * over it, in time order (each bucket then summarises the seconds read, not every second; a chart of a
 * day shows a point every few minutes instead of reading the whole file).
 */
export function historyWindows(
  chunks: readonly ChunkSpan[],
  channels: ReadonlySet<number>,
  from: number,
  to: number,
  budget = HISTORY_CHUNK_BUDGET,
): { from: number; to: number }[] {
  if (to < from) return [];
  const lo = BigInt(Math.floor(from)) * NS_PER_MS;
  const hi = BigInt(Math.floor(to)) * NS_PER_MS;
  const inRange = chunks
    .filter(
      (c) =>
        c.messageEndTime >= lo &&
        c.messageStartTime <= hi &&
        [...c.messageIndexOffsets.keys()].some((id) => channels.has(id)),
    )
    .sort((a, b) =>
      a.messageStartTime < b.messageStartTime ? -1 : a.messageStartTime > b.messageStartTime ? 1 : 0,
    );
  if (inRange.length <= Math.max(1, budget)) return [{ from, to }];
  const out: { from: number; to: number }[] = [];
  const n = Math.max(1, budget);
  for (let i = 0; i < n; i++) {
    const c = inRange[Math.floor(((i + 0.5) * inRange.length) / n)]!;
    const first = Math.floor(Number(c.messageStartTime / NS_PER_MS) / 1000) * 1000;
    const last = Math.floor(Number(c.messageEndTime / NS_PER_MS) / 1000) * 1000;
    // Whole seconds strictly inside the chunk: its first and last second may be shared with the
    // neighbours, and a fleet roll-up of half a second's sites would be wrong, not just coarse. A
    // chunk too short for that is read with its boundary seconds whole (touching the neighbours).
    let start = Math.max(from, first + 1000);
    let end = Math.min(to, last - 1);
    if (start > end) {
      start = Math.max(from, first);
      end = Math.min(to, last + 999);
    }
    const prev = out[out.length - 1];
    if (prev && start <= prev.to) start = prev.to + 1;
    if (start <= end) out.push({ from: start, to: end });
  }
  return out;
}
