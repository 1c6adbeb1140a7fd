import { RecordingError } from './recordingError.ts';

/** MCAP log times are ns; Gigawatt message times are ms. */
export const MS_TO_NS = 1_000_000n;

export function logTimeOf(tMs: number): bigint {
  if (!Number.isFinite(tMs) || tMs < 0)
    throw new RecordingError('invalid-input', `invalid message time ${tMs}`);
  return BigInt(Math.round(tMs)) * MS_TO_NS;
}
