import type { DeliveryStats } from '../producer/ingestSession.ts';

/**
 * The counters of a stopped producer for its last line: the usual counts always, then (after "; ")
 * only what happened: buffering, resends, losses and the server's answers other than live.
 */
export function deliverySummary(stats: DeliveryStats, more?: string): string {
  const counts =
    `${stats.samples} samples, ${stats.rackBlocks} rack blocks, ${stats.refused} refused, ` +
    `${stats.unanswered} unanswered${more ? `, ${more}` : ''}`;
  const notes = [
    stats.buffered > 0 && `${stats.buffered} samples buffered while disconnected`,
    stats.resent > 0 && `${stats.resent} resent`,
    stats.dropped > 0 && `${stats.dropped} dropped from the full buffer`,
    stats.undelivered > 0 && `${stats.undelivered} undelivered at exit`,
    stats.late > 0 && `${stats.late} late`,
    stats.duplicates > 0 && `${stats.duplicates} duplicates`,
    stats.stale > 0 && `${stats.stale} stale rack blocks`,
    stats.rackBlocksSkipped > 0 && `${stats.rackBlocksSkipped} rack blocks not sent while disconnected`,
  ].filter((n) => typeof n === 'string');
  return notes.length > 0 ? `${counts}; ${notes.join(', ')}` : counts;
}
