import { type FileHandle, open } from 'node:fs/promises';
import type { ByteSink } from '@gigawatt/shared/recording';

/** A recording's byte sink; `close` releases the file (after a failure too). */
export interface RecordingSink extends ByteSink {
  close(): Promise<void>;
}

export type OpenSink = (path: string) => RecordingSink;

/**
 * Appends to a new file. Returned at once and opened on the first write, so a recording can accept
 * messages synchronously; 'wx' refuses to overwrite an existing file.
 */
export const openFileSink: OpenSink = (path) => {
  let handle: Promise<FileHandle> | undefined;
  const file = () => {
    handle ??= open(path, 'wx');
    return handle;
  };
  return {
    async write(bytes) {
      const h = await file();
      for (let at = 0; at < bytes.byteLength; ) {
        const { bytesWritten } = await h.write(bytes, at, bytes.byteLength - at);
        at += bytesWritten;
      }
    },
    async close() {
      if (!handle) return;
      const h = await handle.catch(() => undefined);
      await h?.close();
    },
  };
};
