import type { OpenRecordingFn } from './sourceManager.ts';

/**
 * RecordingSource on demand: it brings the MCAP reader, which the live dashboard never needs, so it
 * loads in its own chunk the first time a recording is opened.
 */
export const openRecordingSource: OpenRecordingFn = async (input, options) => {
  const { RecordingSource } = await import('../sources/RecordingSource.ts');
  return RecordingSource.open(input, options);
};
