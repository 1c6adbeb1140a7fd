import type { RecordingInfo } from '@gigawatt/shared/recording';

export interface RetentionLimits {
  maxBytes: number;
  maxAgeMs: number;
  now: number;
}

/**
 * Always-on segments to delete, oldest first: those that ended before now − maxAgeMs, then more until
 * all segments (the one being written included) fit in maxBytes. Captures, demos and imports are never
 * chosen: someone made or brought them on purpose and deletes them explicitly. A segment still being
 * written is never chosen.
 */
export function selectExpired(recordings: readonly RecordingInfo[], limits: RetentionLimits): string[] {
  const segments = recordings.filter((r) => r.kind === 'segment');
  const closed = segments.filter((r) => r.state !== 'recording').sort((a, b) => a.start - b.start);
  let total = segments.reduce((n, r) => n + r.size, 0);
  const out: string[] = [];
  for (const r of closed) {
    const expired = (r.end ?? r.start) < limits.now - limits.maxAgeMs;
    if (!expired && total <= limits.maxBytes) break;
    out.push(r.id);
    total -= r.size;
  }
  return out;
}
