import { rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeZodError } from '@gigawatt/shared';
import { type RecordingInfo, recordingInfoSchema } from '@gigawatt/shared/recording';
import type { RecordingLibrary } from './createRecordingLibrary.ts';
import type { RecordingLocks } from './createRecordingLocks.ts';
import { inspectIncoming } from './inspectIncoming.ts';
import type { AdoptRequest } from './Recorder.ts';
import { RecorderError } from './recorderError.ts';
import { newRecordingId, recordingsDir } from './recordingFiles.ts';

export interface AdoptContext {
  dataDir: string;
  clock: () => number;
  isClosing: () => boolean;
  library: RecordingLibrary;
  locks: RecordingLocks;
}

/**
 * Takes a finished file from inside `<dataDir>/recordings` (an upload, a synthesized demo) into the
 * library under a new generated id: checked (and, cut short, recovered) first. Takes ownership of the
 * file: it is moved into place, or deleted when refused (RecorderError 'invalid').
 */
export async function adoptRecording(
  path: string,
  request: AdoptRequest,
  context: AdoptContext,
): Promise<RecordingInfo> {
  const { dataDir, clock, library } = context;
  const discard = () => rm(path, { force: true }).catch(() => {});
  // A rename within the folder: never a copy from (or to) anywhere else.
  if (dirname(resolve(path)) !== recordingsDir(dataDir)) {
    await discard();
    throw new RecorderError('invalid', 'only files inside the recordings folder can be adopted');
  }
  if (context.isClosing()) {
    await discard();
    throw new RecorderError('conflict', 'the recorder is shutting down');
  }
  const created = clock();
  const id = newRecordingId(request.kind, created);
  const files = library.files(id);
  return context.locks.withLock(id, async () => {
    try {
      // A demo comes from this server's own synthesizer: its chunks are checked, its messages are
      // not decoded once more (about 10 s of CPU for the 24 h demo).
      const incoming = await inspectIncoming(path, { decode: request.kind !== 'demo' });
      const parsed = recordingInfoSchema.safeParse({
        id,
        kind: request.kind,
        name: request.name ?? incoming.metadata?.name ?? 'Imported recording',
        level: incoming.level,
        scope: incoming.scope,
        start: incoming.start ?? created,
        end: incoming.end ?? incoming.start ?? created,
        size: incoming.size,
        messages: incoming.messages,
        state: incoming.recovered ? 'recovered' : 'complete',
        ...(incoming.recovered ? { error: incoming.recovered.slice(0, 500) } : {}),
        created,
      });
      if (!parsed.success) {
        throw new RecorderError('invalid', `not a usable recording: ${describeZodError(parsed.error)}`);
      }
      // The file first, then its sidecar: a crash between leaves an .mcap without a sidecar, which
      // start-up deletes (a sidecar without its file would list a recording that cannot open).
      await rename(path, files.mcap);
      await library.saveSidecar(parsed.data);
      library.set(parsed.data);
      return parsed.data;
    } catch (error) {
      await discard();
      throw error;
    }
  });
}
