import { type OpenedRecording, openRecording, recoverRecording } from '@gigawatt/shared/recording';
import type { RecordingReadable } from './httpRangeReadable.ts';

/**
 * Valid MCAP whose messages the index cannot reach (another tool wrote it without chunks or without
 * message indexes), opened from an indexed copy made in memory, uncompressed, so that no compressor is
 * loaded. Imported on demand: the MCAP writer it needs stays out of the player's chunk.
 */
export async function openIndexedCopy(data: RecordingReadable | Uint8Array): Promise<OpenedRecording> {
  const copy = await recoverRecording(data, { compression: 'none' });
  return openRecording(copy.bytes);
}
