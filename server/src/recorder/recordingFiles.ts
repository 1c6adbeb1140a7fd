import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { RECORDING_ID_PATTERN, type RecordingKind } from '@gigawatt/shared/recording';
import { RecorderError } from './recorderError.ts';

export interface RecordingFiles {
  dir: string;
  mcap: string;
  sidecar: string;
  /** Where a recovery or compaction writes before it renames over `mcap`. */
  temp: string;
}

export const recordingsDir = (dataDir: string): string => resolve(dataDir, 'recordings');

/**
 * Paths of a recording, from its id only. The id must match the generated pattern exactly (letters,
 * digits and dashes; no dots, slashes or NUL), so `../x`, `a/b` or an absolute path never reach the
 * filesystem; the dirname check is a second lock on the same door.
 */
export function recordingFiles(dataDir: string, id: string): RecordingFiles {
  if (typeof id !== 'string' || !RECORDING_ID_PATTERN.test(id)) {
    throw new RecorderError('bad-id', `not a recording id: ${JSON.stringify(String(id).slice(0, 80))}`);
  }
  const dir = recordingsDir(dataDir);
  const mcap = join(dir, `${id}.mcap`);
  if (dirname(mcap) !== dir) throw new RecorderError('bad-id', 'recording id escapes the recordings folder');
  return { dir, mcap, sidecar: join(dir, `${id}.json`), temp: join(dir, `${id}.mcap.tmp`) };
}

const ID_PREFIX: Record<RecordingKind, string> = {
  segment: 'seg',
  capture: 'cap',
  demo: 'demo',
  import: 'imp',
};

/** "seg-20260601T120000Z-1a2b3c4d": sortable by time, random tail so two in one second never clash. */
export function newRecordingId(kind: RecordingKind, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${ID_PREFIX[kind]}-${stamp}-${randomBytes(4).toString('hex')}`;
}

/**
 * A fresh file in the recordings folder for bytes that are not a recording yet (an upload, a demo
 * being synthesized). The ".tmp" suffix means start-up deletes it if the process dies first.
 */
export function incomingPath(dataDir: string): string {
  return join(recordingsDir(dataDir), `incoming-${randomBytes(8).toString('hex')}.tmp`);
}
