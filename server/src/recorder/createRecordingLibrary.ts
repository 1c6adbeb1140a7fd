import { rm } from 'node:fs/promises';
import type { RecordingInfo } from '@gigawatt/shared/recording';
import type { ActiveRecording } from './activeRecording.ts';
import type { RecordingLocks } from './createRecordingLocks.ts';
import { RecorderError } from './recorderError.ts';
import { type RecordingFiles, recordingFiles } from './recordingFiles.ts';
import { writeSidecar } from './sidecarFile.ts';

export interface RecordingLibraryOptions {
  dataDir: string;
  /** What start-up found on disk (loadRecordings). */
  recordings: Iterable<RecordingInfo>;
  locks: RecordingLocks;
  /** The recordings being written now: list() shows their current size and span. */
  running: () => Iterable<ActiveRecording>;
  /** A recording's files were deleted (under its lock). */
  onRemoved?: (id: string) => void;
}

export interface RecordingLibrary {
  /** Newest first; sizes and spans of running recordings are current. */
  list(): RecordingInfo[];
  get(id: string): RecordingInfo | undefined;
  /** The listed info as last stored (not refreshed from a running recording). */
  info(id: string): RecordingInfo | undefined;
  has(id: string): boolean;
  /** A valid, listed id's info; throws RecorderError ('bad-id', 'not-found'). */
  known(id: string): RecordingInfo;
  set(info: RecordingInfo): void;
  files(id: string): RecordingFiles;
  saveSidecar(info: RecordingInfo): Promise<void>;
  /** Deletes a recording's file and sidecar (under its lock) and unlists it. */
  remove(id: string): Promise<void>;
}

/** The recordings on disk, by id: what the list shows, their sidecars, and deleting them. */
export function createRecordingLibrary(options: RecordingLibraryOptions): RecordingLibrary {
  const { dataDir, locks } = options;
  const infos = new Map<string, RecordingInfo>();
  for (const info of options.recordings) infos.set(info.id, info);

  function list(): RecordingInfo[] {
    for (const rec of options.running()) infos.set(rec.id, rec.info());
    return [...infos.values()].sort((a, b) => b.start - a.start || b.id.localeCompare(a.id));
  }

  return {
    list,
    get: (id) => list().find((r) => r.id === id),
    info: (id) => infos.get(id),
    has: (id) => infos.has(id),
    known(id) {
      recordingFiles(dataDir, id); // validates the id before anything else
      const info = infos.get(id);
      if (!info) throw new RecorderError('not-found', `no recording ${id}`);
      return info;
    },
    set(info) {
      infos.set(info.id, info);
    },
    files: (id) => recordingFiles(dataDir, id),
    saveSidecar: (info) => writeSidecar(recordingFiles(dataDir, info.id).sidecar, info),
    async remove(id) {
      await locks.withLock(id, async () => {
        const files = recordingFiles(dataDir, id);
        infos.delete(id);
        options.onRemoved?.(id);
        await rm(files.mcap, { force: true });
        await rm(files.sidecar, { force: true });
      });
    },
  };
}
