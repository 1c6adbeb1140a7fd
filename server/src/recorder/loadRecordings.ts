import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import type { FleetConfig } from '@gigawatt/shared';
import {
  createRecordingWriter,
  openRecording,
  RECORDING_ID_PATTERN,
  RecordingError,
  type RecordingInfo,
  type RecordingMetadata,
} from '@gigawatt/shared/recording';
import { compactRecordingFile } from './compactRecordingFile.ts';
import { openFileReadable } from './fileReadable.ts';
import { openFileSink } from './fileSink.ts';
import { metadataOf } from './metadataOf.ts';
import { type RecordingFiles, recordingFiles, recordingsDir } from './recordingFiles.ts';
import { readSidecar, writeSidecar } from './sidecarFile.ts';

export interface LoadOptions {
  /** The fleet written into recordings rebuilt without their own metadata record. */
  fleet: FleetConfig;
  source: string;
  emit: (
    event:
      | { type: 'recovered'; id: string; messages: number; reason: string | undefined }
      | { type: 'warning'; message: string },
  ) => void;
}

/** Span, size and message count of a complete file (throws when it has no index). */
async function describeFile(
  path: string,
): Promise<Pick<RecordingInfo, 'start' | 'end' | 'size' | 'messages'>> {
  const file = await openFileReadable(path);
  try {
    const rec = await openRecording(file);
    const size = Number(await file.size());
    const start = rec.startTime ?? rec.metadata?.created ?? 0;
    return { start, end: rec.endTime ?? start, size, messages: rec.messageCount ?? 0 };
  } finally {
    await file.close();
  }
}

async function writeEmpty(files: RecordingFiles, metadata: RecordingMetadata): Promise<void> {
  await rm(files.temp, { force: true });
  const sink = openFileSink(files.temp);
  const writer = createRecordingWriter({ writable: sink, metadata });
  await writer.end();
  await sink.close();
  await rename(files.temp, files.mcap);
}

/**
 * A recording left "recording" (or "failed") by a crash or a full disk: if its file is already complete
 * it is just marked so; otherwise every complete message is rebuilt into an indexed file ("recovered").
 * A file cut before its first record becomes an empty recording, so the named capture still lists.
 */
async function repair(
  info: RecordingInfo,
  files: RecordingFiles,
  options: LoadOptions,
): Promise<RecordingInfo> {
  const metadata = metadataOf(info, options.fleet, options.source);
  const exists = await stat(files.mcap).then(
    () => true,
    () => false,
  );
  if (exists) {
    const whole = await describeFile(files.mcap).catch(() => undefined);
    if (whole) return { ...info, ...whole, state: 'complete' };
    try {
      const r = await compactRecordingFile(files, { mode: 'recover', fallbackMetadata: metadata });
      options.emit({ type: 'recovered', id: info.id, messages: r.messages, reason: r.reason });
      return { ...info, ...(await describeFile(files.mcap)), state: 'recovered' };
    } catch (error) {
      if (!(error instanceof RecordingError && error.code === 'truncated')) {
        const message = error instanceof Error ? error.message : String(error);
        options.emit({ type: 'warning', message: `recording ${info.id} cannot be recovered: ${message}` });
        return { ...info, state: 'failed', error: message.slice(0, 500) };
      }
    }
  }
  await writeEmpty(files, metadata);
  options.emit({
    type: 'recovered',
    id: info.id,
    messages: 0,
    reason: 'nothing was written before the stop',
  });
  return { ...info, ...(await describeFile(files.mcap)), state: 'recovered' };
}

/** Reads every sidecar under <dataDir>/recordings, repairing recordings a crash interrupted. */
export async function loadRecordings(dataDir: string, options: LoadOptions): Promise<RecordingInfo[]> {
  const dir = recordingsDir(dataDir);
  await mkdir(dir, { recursive: true });
  const names = await readdir(dir);
  // Half-written temporaries of a recovery, compaction or sidecar update: the originals are intact.
  for (const name of names) if (name.endsWith('.tmp')) await rm(`${dir}/${name}`, { force: true });
  // A recording file without a sidecar: a file adopted (upload, demo) by a process that died before it
  // wrote the sidecar. Never listed, so it would only take space. (Captures and segments write their
  // sidecar before their first byte.)
  const present = new Set(names);
  for (const name of names) {
    const id = name.endsWith('.mcap') ? name.slice(0, -'.mcap'.length) : '';
    if (RECORDING_ID_PATTERN.test(id) && !present.has(`${id}.json`)) {
      options.emit({ type: 'warning', message: `deleting ${name}: no sidecar (an adoption cut short)` });
      await rm(`${dir}/${name}`, { force: true });
    }
  }
  const out: RecordingInfo[] = [];
  for (const name of names) {
    const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
    if (!RECORDING_ID_PATTERN.test(id)) continue;
    const files = recordingFiles(dataDir, id);
    let info: RecordingInfo;
    try {
      info = await readSidecar(files.sidecar);
      if (info.id !== id) throw new Error(`sidecar ${name} names another recording (${info.id})`);
    } catch (error) {
      options.emit({ type: 'warning', message: `skipping recording ${id}: ${String(error)}` });
      continue;
    }
    if (info.state === 'recording' || info.state === 'failed') {
      const error = info.error;
      info = await repair(info, files, options);
      if (error && !info.error) info = { ...info, error };
      await writeSidecar(files.sidecar, info);
    }
    out.push(info);
  }
  return out;
}
