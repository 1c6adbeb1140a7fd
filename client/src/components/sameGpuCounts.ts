import type { GpuCounts } from '@gigawatt/shared';

/**
 * Whether two GPU counts are the same numbers. Counts move by contract and failure, not by the second,
 * yet every tick brings them as a new object: a bar drawn from them compares the numbers, not the
 * object, to skip the render of a second that changed nothing it shows.
 */
export function sameGpuCounts(a: GpuCounts | null | undefined, b: GpuCounts | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.total === b.total &&
    a.rented === b.rented &&
    a.internal === b.internal &&
    a.idle === b.idle &&
    a.failed === b.failed
  );
}
