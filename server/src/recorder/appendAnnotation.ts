import { open } from 'node:fs/promises';
import {
  ANNOTATIONS_TOPIC,
  type Annotation,
  channelSchema,
  DEFAULT_CHUNK_COMPRESSION,
  loadChunkCompressor,
  logTimeOf,
  MARKERS_METADATA_NAME,
  type MarkerIndex,
  markerIndexToMap,
  openRecording,
  RecordingError,
  readMarkerIndex,
} from '@gigawatt/shared/recording';
import { type IReadable, type ISeekableWriter, McapWriter } from '@mcap/core';
import { openFileReadable } from './fileReadable.ts';

/**
 * Adds annotations to a finished recording in place (@mcap/core's append mode: cut the summary, add a
 * chunk, write a new summary), so annotating a multi-GB capture costs a few KB of I/O. Between the cut
 * and the new footer the file has no index; the caller marks the sidecar "recording" first, so a crash
 * in that window is recovered at the next start like any other interrupted recording.
 */
export async function appendAnnotations(path: string, annotations: readonly Annotation[]): Promise<void> {
  const existing = await openFileReadable(path);
  let channelId: number | undefined;
  let index: MarkerIndex | undefined;
  try {
    const rec = await openRecording(existing);
    for (const c of rec.reader.channelsById.values()) if (c.topic === ANNOTATIONS_TOPIC) channelId = c.id;
    // A file without a readable markers index gets none now: one holding only the new notes would hide
    // the file's alerts from players, which read the chunks when there is no index.
    index = await readMarkerIndex(rec).catch((error: unknown) => {
      if (error instanceof RecordingError) return undefined;
      throw error;
    });
  } finally {
    await existing.close();
  }

  const handle = await open(path, 'r+');
  try {
    let position = 0n;
    let size = BigInt((await handle.stat()).size);
    const file: IReadable & ISeekableWriter = {
      size: async () => size,
      async read(offset, length) {
        const buffer = new Uint8Array(Number(length));
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, Number(offset));
        return buffer.subarray(0, bytesRead);
      },
      async seek(to) {
        position = to;
      },
      async truncate() {
        await handle.truncate(Number(position));
        size = position;
      },
      async write(bytes) {
        for (let at = 0; at < bytes.byteLength; ) {
          const { bytesWritten } = await handle.write(bytes, at, bytes.byteLength - at, Number(position));
          at += bytesWritten;
          position += BigInt(bytesWritten);
        }
        if (position > size) size = position;
      },
      position: () => position,
    };
    // The new chunk is zstd whatever the file's older chunks use: MCAP allows a mix, every reader here
    // decodes both.
    const compressChunk = await loadChunkCompressor(DEFAULT_CHUNK_COMPRESSION);
    const writer = await McapWriter.InitializeForAppending(file, compressChunk ? { compressChunk } : {});
    if (channelId === undefined) {
      const schemaId = await writer.registerSchema(channelSchema('annotation'));
      channelId = await writer.registerChannel({
        schemaId,
        topic: ANNOTATIONS_TOPIC,
        messageEncoding: 'json',
        metadata: new Map(),
      });
    }
    for (const a of annotations) {
      const logTime = logTimeOf(a.t);
      const data = new TextEncoder().encode(JSON.stringify(a));
      await writer.addMessage({ channelId, sequence: 0, logTime, publishTime: logTime, data });
    }
    // The index written last wins: the file's markers with these notes.
    if (index) {
      const metadata = markerIndexToMap({ ...index, annotations: [...index.annotations, ...annotations] });
      await writer.addMetadata({ name: MARKERS_METADATA_NAME, metadata });
    }
    await writer.end();
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
