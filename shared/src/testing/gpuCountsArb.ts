import fc from 'fast-check';
import type { GpuCounts } from '../sampleSchema.ts';

/** Test data: GPU counts whose parts add up to the total, each part at most `maxPart` (failed: `maxFailed`). */
export const gpuCountsArb = (maxPart: number, maxFailed: number): fc.Arbitrary<GpuCounts> =>
  fc
    .tuple(fc.nat(maxPart), fc.nat(maxPart), fc.nat(maxPart), fc.nat(maxFailed))
    .map(([rented, internal, idle, failed]) => ({
      total: rented + internal + idle + failed,
      rented,
      internal,
      idle,
      failed,
    }));
