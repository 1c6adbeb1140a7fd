import { rm, stat } from 'node:fs/promises';
import {
  openRecording,
  RecordingError,
  type RecordingLevel,
  type RecordingMetadata,
  type RecordingScope,
} from '@gigawatt/shared/recording';
import { compactRecordingFile } from './compactRecordingFile.ts';
import { openFileReadable } from './fileReadable.ts';
import { RecorderError } from './recorderError.ts';

/** What a file handed to the recorder (an upload, a synthesized demo) turned out to be. */
export interface IncomingRecording {
  metadata: RecordingMetadata | undefined;
  level: RecordingLevel;
  scope: RecordingScope;
  start: number | undefined;
  end: number | undefined;
  size: number;
  messages: number;
  /** Set when the file was cut short or damaged and was rebuilt from its complete messages: what was lost. */
  recovered: string | undefined;
}

/** A recording's scope and level as the file states them, or as its channels show them. */
function describe(
  rec: Awaited<ReturnType<typeof openRecording>>,
): Pick<IncomingRecording, 'level' | 'scope'> {
  const m = rec.metadata;
  if (m) return { level: m.level, scope: { sites: m.sites, ...(m.halls ? { halls: m.halls } : {}) } };
  const sites = [...new Set(rec.topics.flatMap((t) => (t.site === undefined ? [] : [t.site])))];
  if (sites.length > 64)
    throw new RecorderError('invalid', `the file has ${sites.length} sites (at most 64)`);
  return { level: rec.topics.some((t) => t.kind === 'racks') ? 'rack' : 'hall', scope: { sites } };
}

async function open(path: string) {
  const file = await openFileReadable(path);
  try {
    const rec = await openRecording(file);
    if (!rec.metadata && rec.topics.length === 0) {
      throw new RecorderError(
        'invalid',
        'the MCAP file holds no Gigawatt recording (no gigawatt metadata and no /site, /racks, /alerts or /annotations channels)',
      );
    }
    return {
      metadata: rec.metadata,
      ...describe(rec),
      start: rec.startTime,
      end: rec.endTime,
      size: Number(await file.size()),
      messages: rec.messageCount ?? 0,
    };
  } finally {
    await file.close();
  }
}

/**
 * Checks that a file is a readable Gigawatt recording with @mcap/core's indexed reader (via
 * openRecording, which refuses anything that is not MCAP, that points outside itself or declares
 * absurd sizes). A file that is MCAP but cut short or with a damaged index is rebuilt in place from its
 * complete messages (the same recovery a crashed segment gets) rather than refused: whoever hands it
 * over learns from `recovered` what was lost. Anything else is a RecorderError 'invalid' with a message
 * meant for the person who sent the file.
 */
export async function inspectIncoming(path: string): Promise<IncomingRecording> {
  try {
    return { ...(await open(path)), recovered: undefined };
  } catch (error) {
    if (!(error instanceof RecordingError)) throw error;
    if (error.code === 'not-mcap') throw new RecorderError('invalid', error.message);
    if (error.code === 'invalid-message' || error.code === 'invalid-input')
      throw new RecorderError('invalid', `not a valid Gigawatt recording: ${error.message}`);
  }
  const files = { dir: '', mcap: path, sidecar: '', temp: `${path}.recover.tmp` };
  let reason: string | undefined;
  try {
    const r = await compactRecordingFile(files, { mode: 'recover' });
    if (r.messages === 0 && !r.complete) {
      throw new RecorderError(
        'invalid',
        `the MCAP file is cut short or damaged before its first message (${r.reason})`,
      );
    }
    reason = r.complete
      ? 'the file’s index was damaged; it was rebuilt from the data'
      : `the file was cut short or damaged (${r.reason}); kept its ${r.messages} complete messages`;
  } catch (error) {
    await rm(files.temp, { force: true });
    if (error instanceof RecorderError) throw error;
    if (error instanceof RecordingError)
      throw new RecorderError('invalid', `not a readable MCAP recording: ${error.message}`);
    throw error;
  }
  try {
    const opened = await open(path);
    return { ...opened, size: (await stat(path)).size, recovered: reason };
  } catch (error) {
    if (error instanceof RecordingError)
      throw new RecorderError(
        'invalid',
        `not a readable MCAP recording even after recovery: ${error.message}`,
      );
    throw error;
  }
}
