import { rename, rm, stat } from 'node:fs/promises';
import { type RewriteOptions, recoverRecordingTo, rewriteRecording } from '@gigawatt/shared/recording';
import { openFileReadable } from './fileReadable.ts';
import { type OpenSink, openFileSink } from './fileSink.ts';
import type { RecordingFiles } from './recordingFiles.ts';

export interface CompactResult {
  size: number;
  messages: number;
  complete: boolean;
  reason: string | undefined;
}

/**
 * Rewrites a recording into large chunks (or, for a file cut short, into a readable one) through a
 * temporary file renamed over the original: a crash mid-way leaves the original untouched. The live
 * recorder closes a chunk every second so a crash loses at most that second; a finished hour is
 * repacked into ~256 KiB chunks so it opens and seeks fast and compresses better.
 */
export async function compactRecordingFile(
  files: RecordingFiles,
  options: Omit<RewriteOptions, 'note'> & { openSink?: OpenSink; mode?: 'compact' | 'recover' } = {},
): Promise<CompactResult> {
  const { openSink = openFileSink, mode = 'compact', ...rewrite } = options;
  const run = mode === 'recover' ? recoverRecordingTo : rewriteRecording;
  await rm(files.temp, { force: true });
  const source = await openFileReadable(files.mcap);
  const sink = openSink(files.temp);
  try {
    const r = await run(source, sink, rewrite);
    await sink.close();
    await rename(files.temp, files.mcap);
    return {
      size: (await stat(files.mcap)).size,
      messages: r.messages,
      complete: r.complete,
      reason: r.reason,
    };
  } catch (error) {
    await sink.close().catch(() => {});
    await rm(files.temp, { force: true }).catch(() => {});
    throw error;
  } finally {
    await source.close();
  }
}
